package dev.backgroundjobs.internal.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis Sentinel and WAIT keys: what they read, and the error, naming its key, for what they refuse. */
class SentinelConfigTest {

    private static BackgroundJobsConfig parse(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigParser.parse(key -> Optional.ofNullable(values.get(key)));
    }

    private static String onlyProblem(String... keyValues) {
        List<String> problems = assertThrows(InvalidConfigurationException.class, () -> parse(keyValues)).problems();
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("BGJ0010E: configuration "), problems.get(0));
        return problems.get(0);
    }

    @Test
    void withoutSentinelsRedisIsStandaloneAndNothingWaitsForReplicas() {
        BackgroundJobsConfig config = parse();
        assertTrue(config.sentinel().isEmpty());
        assertFalse(config.replicaWait().enabled());
        assertEquals(new ReplicaWait(0, Duration.ofSeconds(1)), config.replicaWait());
    }

    @Test
    void sentinelsMasterNameAndTheSentinelsOwnLoginAreRead() {
        SentinelSettings sentinel = parse(ConfigKeys.REDIS_SENTINELS, " 10.0.0.1:26380, sentinel-b ,[::1]:5000 ",
                ConfigKeys.REDIS_MASTER_NAME, "jobs", ConfigKeys.REDIS_SENTINEL_USER, "watcher",
                ConfigKeys.REDIS_SENTINEL_PASSWORD, "sentinel-pw", ConfigKeys.REDIS_PASSWORD, "master-pw")
                .sentinel().orElseThrow();
        assertEquals(List.of(new RedisAddress("10.0.0.1", 26380),
                new RedisAddress("sentinel-b", SentinelSettings.DEFAULT_PORT),
                new RedisAddress("::1", 5000)), sentinel.sentinels());
        assertEquals("jobs", sentinel.masterName());
        assertEquals("watcher", sentinel.user());
        assertEquals("sentinel-pw", sentinel.password());
    }

    @Test
    void theMastersPasswordStaysApartFromTheSentinels() {
        BackgroundJobsConfig config = parse(ConfigKeys.REDIS_SENTINELS, "127.0.0.1:26379", ConfigKeys.REDIS_MASTER_NAME,
                "jobs", ConfigKeys.REDIS_URL, "redis://app:master-pw@ignored/3");
        assertEquals("master-pw", config.redis().password());
        assertEquals("app", config.redis().user());
        assertEquals(3, config.redis().database());
        assertNull(config.sentinel().orElseThrow().password());
        assertNull(config.sentinel().orElseThrow().user());
    }

    @Test
    void noPasswordIsPrinted() {
        SentinelSettings sentinel = parse(ConfigKeys.REDIS_SENTINELS, "127.0.0.1:26379", ConfigKeys.REDIS_MASTER_NAME, "jobs",
                ConfigKeys.REDIS_SENTINEL_USER, "watcher", ConfigKeys.REDIS_SENTINEL_PASSWORD, "TopSecret42").sentinel().orElseThrow();
        assertEquals("master jobs from sentinels 127.0.0.1:26379 as watcher", sentinel.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"host:0", "host:65536", "host:port", "::1:26379", "[::1", "[::1]x", ":26379", "a:1,,b:2",
            "a:1,a:1", "a b:1", "user@host:1"})
    void aBadSentinelAddressIsRefusedNamingTheKey(String addresses) {
        String problem = onlyProblem(ConfigKeys.REDIS_SENTINELS, addresses, ConfigKeys.REDIS_MASTER_NAME, "jobs");
        assertTrue(problem.contains("background-jobs.redis.sentinels='" + addresses + "'"), problem);
        assertTrue(problem.contains("host:port"), problem);
    }

    @Test
    void sentinelsNeedTheMasterName() {
        String problem = onlyProblem(ConfigKeys.REDIS_SENTINELS, "127.0.0.1:26379");
        assertTrue(problem.contains("background-jobs.redis.master-name=''"), problem);
        assertTrue(problem.contains("since background-jobs.redis.sentinels is set"), problem);
    }

    @Test
    void aMasterNameWithWhiteSpaceIsRefused() {
        String problem = onlyProblem(ConfigKeys.REDIS_SENTINELS, "127.0.0.1:26379", ConfigKeys.REDIS_MASTER_NAME, "my master");
        assertTrue(problem.contains("background-jobs.redis.master-name='my master'"), problem);
    }

    @Test
    void aMasterNameNeedsSentinels() {
        String problem = onlyProblem(ConfigKeys.REDIS_MASTER_NAME, "jobs");
        assertTrue(problem.contains("background-jobs.redis.sentinels=''"), problem);
        assertTrue(problem.contains("monitor master 'jobs'"), problem);
    }

    @Test
    void aSentinelPasswordNeedsSentinelsAndIsNotShown() {
        String problem = onlyProblem(ConfigKeys.REDIS_SENTINEL_PASSWORD, "TopSecret42");
        assertTrue(problem.contains("background-jobs.redis.sentinels=''"), problem);
        assertTrue(problem.contains("since background-jobs.redis.sentinel-password is set"), problem);
        assertFalse(problem.contains("TopSecret42"), problem);
    }

    @Test
    void aSentinelUserNeedsItsPassword() {
        String problem = onlyProblem(ConfigKeys.REDIS_SENTINELS, "127.0.0.1:26379", ConfigKeys.REDIS_MASTER_NAME, "jobs",
                ConfigKeys.REDIS_SENTINEL_USER, "watcher");
        assertTrue(problem.contains("background-jobs.redis.sentinel-password=''"), problem);
        assertTrue(problem.contains("sentinel user 'watcher'"), problem);
    }

    @Test
    void waitForReplicasIsRead() {
        assertEquals(new ReplicaWait(2, Duration.ofMillis(250)),
                parse(ConfigKeys.REDIS_WAIT_REPLICAS, "2", ConfigKeys.REDIS_WAIT_TIMEOUT, "250ms").replicaWait());
        assertTrue(parse(ConfigKeys.REDIS_WAIT_REPLICAS, "1").replicaWait().enabled());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "one", "1.5"})
    void aBadReplicaCountIsRefused(String replicas) {
        String problem = onlyProblem(ConfigKeys.REDIS_WAIT_REPLICAS, replicas);
        assertTrue(problem.contains("background-jobs.redis.wait-replicas='" + replicas + "'"), problem);
        assertTrue(problem.contains("a whole number of at least 0"), problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "soon", "-PT1S"})
    void aBadWaitTimeoutIsRefused(String timeout) {
        String problem = onlyProblem(ConfigKeys.REDIS_WAIT_REPLICAS, "1", ConfigKeys.REDIS_WAIT_TIMEOUT, timeout);
        assertTrue(problem.contains("background-jobs.redis.wait-timeout='" + timeout + "'"), problem);
    }

    @Test
    void theWaitMustEndBeforeTheSocketTimesOut() {
        String problem = onlyProblem(ConfigKeys.REDIS_WAIT_REPLICAS, "1", ConfigKeys.REDIS_WAIT_TIMEOUT, "5s");
        assertTrue(problem.contains("background-jobs.redis.wait-timeout='PT5S'"), problem);
        assertTrue(problem.contains("shorter than background-jobs.redis.timeout (PT5S)"), problem);
        assertEquals(Duration.ofSeconds(5), parse(ConfigKeys.REDIS_WAIT_REPLICAS, "1", ConfigKeys.REDIS_WAIT_TIMEOUT, "5s",
                ConfigKeys.REDIS_TIMEOUT, "10s").replicaWait().timeout());
    }
}
