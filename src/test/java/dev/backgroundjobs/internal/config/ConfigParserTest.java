package dev.backgroundjobs.internal.config;

import dev.backgroundjobs.internal.config.PayloadLimits;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigParserTest {

    private static final String PREFIX = ConfigKeys.PREFIX;

    private static BackgroundJobsConfig parse(String... keyValues) {
        return ConfigParser.parse(lookup(keyValues));
    }

    private static java.util.function.Function<String, Optional<String>> lookup(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return key -> Optional.ofNullable(values.get(key));
    }

    private static List<String> problems(String... keyValues) {
        return assertThrows(InvalidConfigurationException.class, () -> parse(keyValues)).problems();
    }

    /** Asserts one problem, naming the key and the value it rejects. */
    private static String onlyProblem(String key, String value) {
        List<String> problems = problems(key, value);
        assertEquals(1, problems.size(), () -> problems.toString());
        String problem = problems.get(0);
        assertTrue(problem.contains("BGJ0010E"), problem);
        assertTrue(problem.contains(key + "='" + value.trim() + "'"), problem);
        return problem;
    }

    @Nested
    class Defaults {

        private final BackgroundJobsConfig config = parse();

        @Test
        void redisIsLocalhostWithoutTlsOrCredentials() {
            RedisSettings redis = config.redis();
            assertAll(
                    () -> assertEquals("localhost", redis.host()),
                    () -> assertEquals(6379, redis.port()),
                    () -> assertFalse(redis.tls()),
                    () -> assertNull(redis.user()),
                    () -> assertNull(redis.password()),
                    () -> assertEquals(0, redis.database()),
                    () -> assertEquals(Duration.ofSeconds(5), redis.timeout()));
        }

        @Test
        void namespaceIsResque() {
            assertEquals("resque", config.namespace());
        }

        @Test
        void workersAreEnabled() {
            assertTrue(config.workersEnabled());
        }

        @Test
        void onePoolNamedDefaultReadsAllQueuesWithTwoLoops() {
            assertEquals(List.of(new PoolConfig("default", List.of("*"), 2, "java:comp/DefaultManagedExecutorService")),
                    config.pools());
            assertTrue(config.pools().get(0).allQueues());
            assertEquals(2, config.totalConcurrency());
        }

        @Test
        void pollIntervalIsFiveSecondsAndGracePeriodThirtySeconds() {
            assertEquals(Duration.ofSeconds(5), config.pollInterval());
            assertEquals(Duration.ofSeconds(30), config.shutdownGracePeriod());
        }

        @Test
        void aCancelledRunHasTenSecondsBeforeItsInterrupt() {
            assertEquals(Duration.ofSeconds(10), config.cancelGrace());
        }

        @Test
        void workersOfOtherResqueImplementationsGetResquesOwnPruneIntervalOursTheWorkerTimeout() {
            assertEquals(Duration.ofSeconds(300), config.foreignWorkerTimeout());
            assertEquals(Duration.ofSeconds(60), config.workerTimeout());
        }

        @Test
        void everyKeyIsLookedUp() {
            Set<String> asked = new LinkedHashSet<>();
            ConfigParser.parse(key -> {
                asked.add(key);
                return Optional.empty();
            });
            assertEquals(Set.of(ConfigKeys.REDIS_URL, ConfigKeys.REDIS_USER, ConfigKeys.REDIS_PASSWORD,
                    ConfigKeys.REDIS_DATABASE, ConfigKeys.REDIS_TIMEOUT, ConfigKeys.REDIS_TLS_CA_FILE,
                    ConfigKeys.REDIS_TLS_TRUSTSTORE, ConfigKeys.REDIS_TLS_TRUSTSTORE_PASSWORD,
                    ConfigKeys.REDIS_TLS_TRUSTSTORE_TYPE, ConfigKeys.REDIS_TLS_CERT_FILE, ConfigKeys.REDIS_TLS_KEY_FILE,
                    ConfigKeys.REDIS_TLS_KEYSTORE, ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD,
                    ConfigKeys.REDIS_TLS_KEYSTORE_TYPE, ConfigKeys.REDIS_TLS_VERIFY_HOST, ConfigKeys.REDIS_CLUSTER_NODES,
                    ConfigKeys.REDIS_SENTINELS, ConfigKeys.REDIS_MASTER_NAME, ConfigKeys.REDIS_SENTINEL_USER,
                    ConfigKeys.REDIS_SENTINEL_PASSWORD, ConfigKeys.REDIS_WAIT_REPLICAS, ConfigKeys.REDIS_WAIT_TIMEOUT,
                    ConfigKeys.NAMESPACE,
                    ConfigKeys.WORKERS_ENABLED, ConfigKeys.POOLS, ConfigKeys.POLL_INTERVAL,
                    ConfigKeys.SHUTDOWN_GRACE_PERIOD, ConfigKeys.EXECUTOR, ConfigKeys.poolQueues("default"),
                    ConfigKeys.poolConcurrency("default"), ConfigKeys.poolExecutor("default"),
                    ConfigKeys.HEARTBEAT_INTERVAL, ConfigKeys.WORKER_TIMEOUT, ConfigKeys.FOREIGN_WORKER_TIMEOUT,
                    ConfigKeys.STATUS_TTL, ConfigKeys.TRACK_STATUS, ConfigKeys.CANCEL_GRACE,
                    ConfigKeys.RETRY_MAX_ATTEMPTS, ConfigKeys.RETRY_BACKOFF, ConfigKeys.RETRY_MAX_BACKOFF,
                    ConfigKeys.ADMIN_ENABLED, ConfigKeys.ADMIN_READ_ROLE, ConfigKeys.ADMIN_WRITE_ROLE,
                    ConfigKeys.PAYLOAD_MAX_BYTES, ConfigKeys.PAYLOAD_MAX_DEPTH, ConfigKeys.PAYLOAD_MAX_STRING_BYTES,
                    ConfigKeys.PAYLOAD_MAX_NUMBER_LENGTH, ConfigKeys.PENDING_SENDS_MAX_JOBS,
                    ConfigKeys.TRACING_PROPAGATE, ConfigKeys.OUTBOX_DATASOURCE), asked);
        }

        @Test
        void payloadLimitsDefaultToTheDocumentedValues() {
            assertEquals(PayloadLimits.DEFAULTS, config.payloadLimits());
        }

        @Test
        void atMostTenThousandJobsWaitForALateSend() {
            assertEquals(10_000, config.maxPendingSends());
        }

        @Test
        void payloadLimitsAreReadAndCheckedAgainstTheirMinimums() {
            BackgroundJobsConfig limited = ConfigParser.parse(key -> Optional.ofNullable(java.util.Map.of(
                    ConfigKeys.PAYLOAD_MAX_BYTES, "10000", ConfigKeys.PAYLOAD_MAX_DEPTH, "5",
                    ConfigKeys.PAYLOAD_MAX_STRING_BYTES, "100", ConfigKeys.PAYLOAD_MAX_NUMBER_LENGTH, "25").get(key)));
            assertEquals(new PayloadLimits(10000, 5, 100, 25), limited.payloadLimits());

            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> ConfigParser.parse(key -> key.equals(ConfigKeys.PAYLOAD_MAX_DEPTH) ? Optional.of("2")
                            : Optional.empty()));
            assertTrue(e.getMessage().contains("background-jobs.payload.max-depth='2'"), e.getMessage());
        }

        @Test
        void adminRolesAndSwitchAreRead() {
            assertEquals(new AdminSettings(true, "ops", "ops-admin"), parse(ConfigKeys.ADMIN_ENABLED, "true",
                    ConfigKeys.ADMIN_READ_ROLE, " ops ", ConfigKeys.ADMIN_WRITE_ROLE, "ops-admin").admin());
        }

        @Test
        void adminIsOffWithViewerAndAdminRoles() {
            assertEquals(new AdminSettings(false, "background-jobs-viewer", "background-jobs-admin"), config.admin());
        }
    }

    @Nested
    class Keys {

        @Test
        void keysCarryTheModulePrefix() {
            assertAll(
                    () -> assertEquals("background-jobs.redis.url", ConfigKeys.REDIS_URL),
                    () -> assertEquals("background-jobs.pool.fast.queues", ConfigKeys.poolQueues("fast")),
                    () -> assertEquals("background-jobs.pool.fast.concurrency", ConfigKeys.poolConcurrency("fast")),
                    () -> assertEquals("background-jobs.pool.fast.executor", ConfigKeys.poolExecutor("fast")));
        }

        @Test
        void namespaceIsRead() {
            assertEquals("myapp", parse(ConfigKeys.NAMESPACE, "myapp").namespace());
        }

        @Test
        void namespaceMayBeARedisClusterHashTag() {
            assertEquals("{resque}", parse(ConfigKeys.NAMESPACE, "{resque}").namespace());
        }

        @Test
        void valuesAreTrimmed() {
            assertEquals("myapp", parse(ConfigKeys.NAMESPACE, "  myapp ").namespace());
        }

        @Test
        void workersCanBeDisabled() {
            BackgroundJobsConfig config = parse(ConfigKeys.WORKERS_ENABLED, "false");
            assertFalse(config.workersEnabled());
            assertEquals(0, config.totalConcurrency());
        }

        @Test
        void traceContextGoesIntoPayloadsUnlessTurnedOff() {
            assertTrue(parse().tracePropagation());
            assertFalse(parse(ConfigKeys.TRACING_PROPAGATE, "false").tracePropagation());
            assertThrows(InvalidConfigurationException.class, () -> parse(ConfigKeys.TRACING_PROPAGATE, "off"));
        }

        @Test
        void theOutboxIsOffUntilADataSourceIsNamedThenHasItsDefaults() {
            assertEquals(Optional.empty(), parse().outbox());
            assertEquals(Optional.empty(), parse(ConfigKeys.OUTBOX_DATASOURCE, " ").outbox());
            assertEquals(Optional.of(new OutboxSettings("jdbc/app", "bgj_outbox", true, Duration.ofSeconds(10),
                    Duration.ofSeconds(60))), parse(ConfigKeys.OUTBOX_DATASOURCE, " jdbc/app ").outbox());
        }

        @Test
        void theOutboxSettingsAreRead() {
            assertEquals(Optional.of(new OutboxSettings("jdbc/app", "jobs_out", false, Duration.ofSeconds(30),
                    Duration.ofMinutes(5))), parse(ConfigKeys.OUTBOX_DATASOURCE, "jdbc/app", ConfigKeys.OUTBOX_TABLE,
                    "jobs_out", ConfigKeys.OUTBOX_CREATE_TABLE, "false", ConfigKeys.OUTBOX_RELAY_AFTER, "30s",
                    ConfigKeys.OUTBOX_WARN_AFTER, "5m").outbox());
        }

        /** The name goes into SQL text (a table name cannot be a parameter): only a plain identifier passes. */
        @ParameterizedTest
        @ValueSource(strings = {"jobs; DROP TABLE users", "app.outbox", "\"outbox\"", "1outbox", "out-box", ""})
        void anOutboxTableNameThatIsNotAPlainIdentifierIsRefused(String table) {
            InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                    () -> parse(ConfigKeys.OUTBOX_DATASOURCE, "jdbc/app", ConfigKeys.OUTBOX_TABLE, table));
            assertTrue(refused.getMessage().contains(ConfigKeys.OUTBOX_TABLE), refused.getMessage());
        }

        @Test
        void booleanIsCaseInsensitive() {
            assertTrue(parse(ConfigKeys.WORKERS_ENABLED, "TRUE").workersEnabled());
        }

        @Test
        void redisTimeoutIsRead() {
            assertEquals(Duration.ofMillis(1500), parse(ConfigKeys.REDIS_TIMEOUT, "1500ms").redis().timeout());
        }

        @Test
        void pollIntervalIsRead() {
            assertEquals(Duration.ofSeconds(1), parse(ConfigKeys.POLL_INTERVAL, "1s").pollInterval());
        }

        @Test
        void shutdownGracePeriodIsRead() {
            assertEquals(Duration.ofMinutes(2), parse(ConfigKeys.SHUTDOWN_GRACE_PERIOD, "2m").shutdownGracePeriod());
        }

        @Test
        void cancelGraceIsReadAndMayBeZero() {
            assertEquals(Duration.ofSeconds(3), parse(ConfigKeys.CANCEL_GRACE, "3s").cancelGrace());
            assertEquals(Duration.ZERO, parse(ConfigKeys.CANCEL_GRACE, "0s").cancelGrace());
        }

        @Test
        void shutdownGracePeriodMayBeZero() {
            assertEquals(Duration.ZERO, parse(ConfigKeys.SHUTDOWN_GRACE_PERIOD, "0s").shutdownGracePeriod());
        }

        @Test
        void executorIsTheDefaultOfEveryPool() {
            BackgroundJobsConfig config = parse(ConfigKeys.EXECUTOR, "concurrent/jobs", ConfigKeys.POOLS, "a,b");
            assertEquals(List.of("concurrent/jobs", "concurrent/jobs"),
                    config.pools().stream().map(PoolConfig::executor).toList());
        }
    }

    @Nested
    class RedisUrl {

        private RedisSettings redis(String url) {
            return parse(ConfigKeys.REDIS_URL, url).redis();
        }

        @Test
        void hostAndPort() {
            RedisSettings redis = redis("redis://cache.example.com:6380");
            assertEquals("cache.example.com", redis.host());
            assertEquals(6380, redis.port());
            assertFalse(redis.tls());
        }

        @Test
        void portDefaultsTo6379() {
            assertEquals(6379, redis("redis://cache.example.com").port());
        }

        @Test
        void redissMeansTls() {
            RedisSettings redis = redis("rediss://cache.example.com:6380");
            assertTrue(redis.tls());
            assertEquals("cache.example.com", redis.host());
            assertEquals(6380, redis.port());
        }

        @Test
        void schemeIsCaseInsensitive() {
            assertTrue(redis("REDISS://cache.example.com").tls());
        }

        @Test
        void userAndPassword() {
            RedisSettings redis = redis("redis://app:s3cret@cache.example.com:6379");
            assertEquals("app", redis.user());
            assertEquals("s3cret", redis.password());
        }

        @Test
        void passwordOnlyWithEmptyUser() {
            RedisSettings redis = redis("redis://:secret@host");
            assertNull(redis.user());
            assertEquals("secret", redis.password());
            assertEquals("host", redis.host());
        }

        @Test
        void userInfoWithoutColonIsThePassword() {
            RedisSettings redis = redis("redis://secret@host");
            assertNull(redis.user());
            assertEquals("secret", redis.password());
        }

        @Test
        void percentEncodedPasswordIsDecoded() {
            assertEquals("p@ss:word", redis("redis://app:p%40ss%3Aword@host").password());
        }

        @Test
        void databaseFromPath() {
            assertEquals(3, redis("redis://host:6379/3").database());
        }

        @Test
        void emptyPathIsDatabaseZero() {
            assertEquals(0, redis("redis://host:6379/").database());
        }

        @Test
        void everyPartAtOnce() {
            RedisSettings redis = redis("rediss://app:pw@10.0.0.7:7000/5");
            assertEquals(new RedisSettings("10.0.0.7", 7000, true, "app", "pw", 5, Duration.ofSeconds(5), TlsSettings.DEFAULT, List.of()), redis);
        }

        @Test
        void toStringNeverShowsThePassword() {
            String text = redis("rediss://app:s3cret@host:7000/5").toString();
            assertEquals("rediss://host:7000/5 as app (TLS trusting the JVM's default CAs, host names verified)", text);
        }

        @Test
        void userKeyOverridesUrlUser() {
            RedisSettings redis = parse(ConfigKeys.REDIS_URL, "redis://app:pw@host", ConfigKeys.REDIS_USER, "admin")
                    .redis();
            assertEquals("admin", redis.user());
            assertEquals("pw", redis.password());
        }

        @Test
        void blankUserKeyKeepsUrlUser() {
            assertEquals("app",
                    parse(ConfigKeys.REDIS_URL, "redis://app:pw@host", ConfigKeys.REDIS_USER, " ").redis().user());
        }

        @Test
        void passwordKeyOverridesUrlPassword() {
            RedisSettings redis = parse(ConfigKeys.REDIS_URL, "redis://app:pw@host", ConfigKeys.REDIS_PASSWORD,
                    "from-secret-store").redis();
            assertEquals("app", redis.user());
            assertEquals("from-secret-store", redis.password());
        }

        @Test
        void passwordKeyWithoutUrlCredentials() {
            assertEquals("pw", parse(ConfigKeys.REDIS_PASSWORD, "pw").redis().password());
        }

        @Test
        void databaseKeyOverridesUrlPath() {
            assertEquals(7,
                    parse(ConfigKeys.REDIS_URL, "redis://host/3", ConfigKeys.REDIS_DATABASE, "7").redis().database());
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://localhost:6379", "localhost:6379", "redis://", "redis:///0",
                "redis://host/abc", "redis://host:port", "not a url"})
        void invalidUrlIsReported(String url) {
            String problem = onlyProblem(ConfigKeys.REDIS_URL, url);
            assertTrue(problem.contains("redis://"), problem);
        }

        /** java.net.URI does not check the port range, so the parser must. */
        @Test
        void portOutOfRangeIsReported() {
            onlyProblem(ConfigKeys.REDIS_URL, "redis://host:99999");
        }

        /** The URL path obeys the same minimum as redis.database. */
        @Test
        void negativeDatabaseInPathIsReported() {
            onlyProblem(ConfigKeys.REDIS_URL, "redis://host:6379/-1");
        }

        /** The deployment error never shows the password of a bad URL. */
        @Test
        void problemWithUrlDoesNotShowThePassword() {
            List<String> problems = problems(ConfigKeys.REDIS_URL, "redis://app:TopSecret42@host/abc");
            assertEquals(1, problems.size());
            assertFalse(problems.get(0).contains("TopSecret42"), problems.get(0));
        }

        /** A "/", "#" or unencoded "@" in the password makes the URL invalid, and must not show it either. */
        @ParameterizedTest
        @ValueSource(strings = {"redis://app:Top/Secret42@host", "redis://app:Top#Secret42@host/x",
                "redis://app:Top@Secret42@host/x", "rediss://:Top?Secret42@host:abc"})
        void problemWithUrlDoesNotShowAPasswordThatBreaksTheUrl(String url) {
            List<String> problems = problems(ConfigKeys.REDIS_URL, url);
            assertEquals(1, problems.size());
            assertFalse(problems.get(0).contains("Secret42"), problems.get(0));
            assertTrue(problems.get(0).contains("***@host"), problems.get(0));
        }
    }

    @Nested
    class RedisCluster {

        @Test
        void seedNodesMakeItACluster() {
            BackgroundJobsConfig config = parse(ConfigKeys.REDIS_CLUSTER_NODES, "10.0.0.1:7000, redis-b:7001",
                    ConfigKeys.NAMESPACE, "{resque}");
            assertEquals(List.of(new RedisAddress("10.0.0.1", 7000), new RedisAddress("redis-b", 7001)),
                    config.redis().clusterNodes());
            assertTrue(config.redis().cluster());
            assertEquals("redis://cluster 10.0.0.1:7000,redis-b:7001", config.redis().toString());
        }

        @Test
        void withoutSeedNodesItIsOneServer() {
            assertFalse(parse().redis().cluster());
        }

        @Test
        void aSeedThatIsNotHostAndPortIsReported() {
            List<String> problems = problems(ConfigKeys.REDIS_CLUSTER_NODES, "10.0.0.1:7000,host:70000",
                    ConfigKeys.NAMESPACE, "{resque}");
            assertEquals(1, problems.size(), problems::toString);
            assertTrue(problems.get(0).contains(ConfigKeys.REDIS_CLUSTER_NODES + "='10.0.0.1:7000,host:70000'"), problems.get(0));
        }

        @Test
        void aSeedWithoutPortIsOnTheDefaultRedisPort() {
            assertEquals(List.of(new RedisAddress("redis-a", 6379)), parse(ConfigKeys.REDIS_CLUSTER_NODES, "redis-a",
                    ConfigKeys.NAMESPACE, "{resque}").redis().clusterNodes());
        }

        /** Scripts touch many keys of a namespace at once, which a cluster allows only within one slot. */
        @Test
        void aNamespaceWithoutHashTagIsRefusedOnACluster() {
            List<String> problems = problems(ConfigKeys.REDIS_CLUSTER_NODES, "host:7000", ConfigKeys.NAMESPACE, "resque");
            assertEquals(1, problems.size(), problems::toString);
            assertTrue(problems.get(0).contains(ConfigKeys.NAMESPACE + "='resque'"), problems.get(0));
            assertTrue(problems.get(0).contains("hash tag"), problems.get(0));
        }

        @Test
        void anEmptyHashTagDoesNotCount() {
            assertEquals(1, problems(ConfigKeys.REDIS_CLUSTER_NODES, "host:7000", ConfigKeys.NAMESPACE, "{}resque").size());
        }

        @Test
        void sentinelsAndAClusterAtOnceAreRefused() {
            List<String> problems = problems(ConfigKeys.REDIS_CLUSTER_NODES, "host:7000", ConfigKeys.NAMESPACE, "{jobs}",
                    ConfigKeys.REDIS_SENTINELS, "s1:26379", ConfigKeys.REDIS_MASTER_NAME, "main");
            assertEquals(1, problems.size(), problems::toString);
            assertTrue(problems.get(0).contains(ConfigKeys.REDIS_SENTINELS + "='s1:26379'"), problems.get(0));
        }

        @Test
        void waitForReplicasIsRefusedOnACluster() {
            List<String> problems = problems(ConfigKeys.REDIS_CLUSTER_NODES, "host:7000", ConfigKeys.NAMESPACE, "{jobs}",
                    ConfigKeys.REDIS_WAIT_REPLICAS, "1");
            assertEquals(1, problems.size(), problems::toString);
            assertTrue(problems.get(0).contains(ConfigKeys.REDIS_WAIT_REPLICAS + "='1'"), problems.get(0));
        }

        @Test
        void aClusterHasOnlyDatabaseZero() {
            List<String> problems = problems(ConfigKeys.REDIS_CLUSTER_NODES, "host:7000", ConfigKeys.NAMESPACE, "{jobs}",
                    ConfigKeys.REDIS_URL, "redis://host/2");
            assertEquals(1, problems.size(), problems::toString);
            assertTrue(problems.get(0).contains(ConfigKeys.REDIS_DATABASE), problems.get(0));
        }
    }

    @Nested
    class Durations {

        @ParameterizedTest
        @CsvSource({
                "500ms, PT0.5S",
                "5s, PT5S",
                "2m, PT2M",
                "1h, PT1H",
                "PT5S, PT5S",
                "PT0.25S, PT0.25S",
                "pt1m, PT1M",
                "5S, PT5S",
                "'5 s', PT5S",
                "' 10s ', PT10S"})
        void acceptedForms(String value, String expected) {
            assertEquals(Duration.parse(expected), parse(ConfigKeys.POLL_INTERVAL, value).pollInterval());
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "5sec", "1.5s", "-5s", "PT-5S", "five seconds", "", "ms", "5d"})
        void invalidFormsAreReported(String value) {
            String problem = onlyProblem(ConfigKeys.POLL_INTERVAL, value);
            assertTrue(problem.contains("500ms, 5s, 2m, 1h or PT5S"), problem);
        }

        @Test
        void zeroPollIntervalIsReported() {
            assertTrue(onlyProblem(ConfigKeys.POLL_INTERVAL, "0s").contains("a positive duration"));
        }

        @Test
        void foreignWorkerTimeoutIsRead() {
            assertEquals(Duration.ofMinutes(10), parse(ConfigKeys.FOREIGN_WORKER_TIMEOUT, "10m").foreignWorkerTimeout());
        }

        @Test
        void zeroForeignWorkerTimeoutIsReported() {
            assertTrue(onlyProblem(ConfigKeys.FOREIGN_WORKER_TIMEOUT, "0s").contains("a positive duration"));
        }

        @Test
        void zeroRedisTimeoutIsReported() {
            onlyProblem(ConfigKeys.REDIS_TIMEOUT, "0ms");
        }

        @Test
        void negativeGracePeriodIsReported() {
            assertTrue(onlyProblem(ConfigKeys.SHUTDOWN_GRACE_PERIOD, "PT-1S").contains("a non-negative duration"));
        }

        @Test
        void negativeCancelGraceIsReported() {
            String problem = onlyProblem(ConfigKeys.CANCEL_GRACE, "-2s");
            assertTrue(problem.contains(ConfigKeys.CANCEL_GRACE) && problem.contains("a non-negative duration"), problem);
        }

        @Test
        void numberTooLargeForALongIsReported() {
            onlyProblem(ConfigKeys.POLL_INTERVAL, "99999999999999999999s");
        }

        /** An amount that overflows a Duration is a problem of its key, not an ArithmeticException. */
        @Test
        void amountThatOverflowsADurationIsReported() {
            onlyProblem(ConfigKeys.POLL_INTERVAL, "9999999999999999h");
        }
    }

    @Nested
    class Pools {

        @Test
        void severalPoolsWithQueuesInPriorityOrderAndConcurrency() {
            BackgroundJobsConfig config = parse(
                    ConfigKeys.POOLS, "fast, slow",
                    ConfigKeys.poolQueues("fast"), "critical, high,default",
                    ConfigKeys.poolConcurrency("fast"), "4",
                    ConfigKeys.poolQueues("slow"), "*",
                    ConfigKeys.poolConcurrency("slow"), "1",
                    ConfigKeys.poolExecutor("slow"), "concurrent/slow");
            assertEquals(List.of(
                    new PoolConfig("fast", List.of("critical", "high", "default"), 4,
                            ConfigKeys.DEFAULT_EXECUTOR),
                    new PoolConfig("slow", List.of("*"), 1, "concurrent/slow")), config.pools());
            assertEquals(5, config.totalConcurrency());
        }

        @Test
        void poolWithoutQueuesKeyReadsAllQueues() {
            BackgroundJobsConfig config = parse(ConfigKeys.POOLS, "mail");
            assertEquals(List.of("*"), config.pools().get(0).queues());
            assertEquals(2, config.pools().get(0).concurrency());
        }

        @Test
        void queueListIgnoresEmptyEntries() {
            assertEquals(List.of("a", "b"), parse(ConfigKeys.poolQueues("default"), "a,,b,").pools().get(0).queues());
        }

        @Test
        void poolWithNamedQueuesDoesNotReadAll() {
            assertFalse(parse(ConfigKeys.poolQueues("default"), "mail").pools().get(0).allQueues());
        }

        @ParameterizedTest
        @ValueSource(strings = {"a,a", "a b", "", " , ", "fast,sl.ow", "a:b"})
        void invalidPoolListIsReported(String pools) {
            onlyProblem(ConfigKeys.POOLS, pools);
        }

        @ParameterizedTest
        @ValueSource(strings = {"*,high", "high,high", "a:b", "high priority", "", ",", "high*"})
        void invalidQueuesAreReported(String queues) {
            onlyProblem(ConfigKeys.poolQueues("default"), queues);
        }

        /** A pool's queues end its worker ids, which resque-web routes on as one path segment. */
        @ParameterizedTest
        @ValueSource(strings = {"mail/eu", "high,what?", "a#b", "100%"})
        void queuesThatWouldBreakResqueWebLinksToTheWorkersAreReported(String queues) {
            String problem = onlyProblem(ConfigKeys.poolQueues("default"), queues);
            assertTrue(problem.contains("resque-web"), problem);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "two", "1.5", ""})
        void invalidConcurrencyIsReported(String concurrency) {
            String problem = onlyProblem(ConfigKeys.poolConcurrency("default"), concurrency);
            assertTrue(problem.contains("at least 1"), problem);
        }

        @Test
        void problemsNameThePoolTheyBelongTo() {
            List<String> problems = problems(ConfigKeys.POOLS, "fast,slow", ConfigKeys.poolConcurrency("slow"), "0");
            assertEquals(1, problems.size());
            assertTrue(problems.get(0).contains(PREFIX + "pool.slow.concurrency='0'"), problems.get(0));
        }
    }

    @Nested
    class StatusTrackingKey {

        @Test
        void noJobIsTrackedByDefault() {
            assertEquals(StatusTracking.NONE, parse().statusTracking());
            assertFalse(parse().statusTracking().tracks("Anything"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"none", " NONE ", ""})
        void noneOrEmptyTracksNothing(String value) {
            assertEquals(StatusTracking.NONE, parse(ConfigKeys.TRACK_STATUS, value).statusTracking());
        }

        @ParameterizedTest
        @ValueSource(strings = {"all", "ALL", " all "})
        void allTracksEveryJobIncludingForeignOnes(String value) {
            StatusTracking tracking = parse(ConfigKeys.TRACK_STATUS, value).statusTracking();
            assertTrue(tracking.tracks("Report"));
            assertTrue(tracking.tracks("Mail_Welcome"));
        }

        @Test
        void namesTrackExactlyThoseJobs() {
            StatusTracking tracking = parse(ConfigKeys.TRACK_STATUS, "Report, Mail_Welcome").statusTracking();
            assertTrue(tracking.tracks("Report"));
            assertTrue(tracking.tracks("Mail_Welcome"));
            assertFalse(tracking.tracks("report"));
            assertFalse(tracking.tracks("Other"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Report,,Other", "Report, all", "none,Report", "Send Mail", ","})
        void aListWithAnEmptyNameAKeywordOrWhiteSpaceIsReported(String value) {
            assertTrue(onlyProblem(ConfigKeys.TRACK_STATUS, value).contains("none, all, or job names"));
        }
    }

    @Nested
    class InvalidValues {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "my app"})
        void invalidNamespaceIsReported(String namespace) {
            onlyProblem(ConfigKeys.NAMESPACE, namespace);
        }

        @ParameterizedTest
        @ValueSource(strings = {"yes", "1", "on"})
        void nonBooleanIsReported(String value) {
            assertTrue(onlyProblem(ConfigKeys.WORKERS_ENABLED, value).contains("true or false"));
        }

        @ParameterizedTest
        @ValueSource(strings = {ConfigKeys.ADMIN_READ_ROLE, ConfigKeys.ADMIN_WRITE_ROLE})
        void blankAdminRoleIsReported(String key) {
            assertTrue(onlyProblem(key, "  ").contains("a security role name"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "one"})
        void invalidDatabaseIsReported(String database) {
            assertTrue(onlyProblem(ConfigKeys.REDIS_DATABASE, database).contains("at least 0"));
        }

        @Test
        void everyProblemIsReportedAtOnceEachNamingItsKey() {
            Map<String, String> invalid = Map.of(
                    ConfigKeys.REDIS_URL, "http://host",
                    ConfigKeys.REDIS_DATABASE, "x",
                    ConfigKeys.REDIS_TIMEOUT, "soon",
                    ConfigKeys.NAMESPACE, "a b",
                    ConfigKeys.WORKERS_ENABLED, "maybe",
                    ConfigKeys.POLL_INTERVAL, "0s",
                    ConfigKeys.SHUTDOWN_GRACE_PERIOD, "-1s",
                    ConfigKeys.poolQueues("default"), "a:b",
                    ConfigKeys.poolConcurrency("default"), "0");
            List<String> flat = new ArrayList<>();
            invalid.forEach((key, value) -> {
                flat.add(key);
                flat.add(value);
            });

            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> parse(flat.toArray(String[]::new)));

            assertEquals(invalid.size(), e.problems().size(), () -> String.join("\n", e.problems()));
            invalid.forEach((key, value) -> assertEquals(1,
                    e.problems().stream().filter(p -> p.contains(key + "='" + value + "'")).count(), key));
        }

        @Test
        void exceptionMessageJoinsTheProblems() {
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> parse(ConfigKeys.NAMESPACE, "", ConfigKeys.WORKERS_ENABLED, "maybe"));
            assertEquals(String.join("; ", e.problems()), e.getMessage());
        }

        @Test
        void problemsListIsUnmodifiable() {
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> parse(ConfigKeys.NAMESPACE, ""));
            assertThrows(UnsupportedOperationException.class, () -> e.problems().add("x"));
        }
    }
}
