package dev.backgroundjobs.internal.config;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.common.QueueNames;
import dev.backgroundjobs.internal.config.PayloadLimits;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link BackgroundJobsConfig} from a key lookup (MicroProfile Config in the container, a map in
 * tests) and reports every invalid value, each naming its key.
 */
public final class ConfigParser {

    private static final List<String> TLS_KEYS = List.of(ConfigKeys.REDIS_TLS_CA_FILE, ConfigKeys.REDIS_TLS_TRUSTSTORE,
            ConfigKeys.REDIS_TLS_TRUSTSTORE_PASSWORD, ConfigKeys.REDIS_TLS_TRUSTSTORE_TYPE, ConfigKeys.REDIS_TLS_CERT_FILE,
            ConfigKeys.REDIS_TLS_KEY_FILE, ConfigKeys.REDIS_TLS_KEYSTORE, ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD,
            ConfigKeys.REDIS_TLS_KEYSTORE_TYPE, ConfigKeys.REDIS_TLS_VERIFY_HOST);

    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:(//)?");

    private final Function<String, Optional<String>> lookup;
    private final List<String> problems = new ArrayList<>();

    private ConfigParser(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /**
     * @throws InvalidConfigurationException listing every invalid value
     */
    public static BackgroundJobsConfig parse(Function<String, Optional<String>> lookup) {
        ConfigParser parser = new ConfigParser(lookup);
        BackgroundJobsConfig config = parser.read();
        if (!parser.problems.isEmpty()) {
            throw new InvalidConfigurationException(parser.problems);
        }
        return config;
    }

    private BackgroundJobsConfig read() {
        RedisSettings redis = readRedis();
        String namespace = value(ConfigKeys.NAMESPACE, ConfigKeys.DEFAULT_NAMESPACE);
        if (namespace.isBlank() || namespace.chars().anyMatch(Character::isWhitespace)) {
            problems.add(Messages.invalidConfig(ConfigKeys.NAMESPACE, namespace, "a non-blank name without whitespace"));
        } else if (redis.cluster() && !HashTags.hasHashTag(namespace)) {
            problems.add(Messages.invalidConfig(ConfigKeys.NAMESPACE, namespace, "a name with a hash tag such as {resque} when "
                    + ConfigKeys.REDIS_CLUSTER_NODES + " is set: every key of a namespace must be in one slot of the cluster"));
        }
        boolean workersEnabled = bool(ConfigKeys.WORKERS_ENABLED, true);
        Duration pollInterval = positiveDuration(ConfigKeys.POLL_INTERVAL, ConfigKeys.DEFAULT_POLL_INTERVAL);
        Duration grace = duration(ConfigKeys.SHUTDOWN_GRACE_PERIOD, ConfigKeys.DEFAULT_SHUTDOWN_GRACE_PERIOD, false);
        Duration heartbeat = positiveDuration(ConfigKeys.HEARTBEAT_INTERVAL, ConfigKeys.DEFAULT_HEARTBEAT_INTERVAL);
        Duration workerTimeout = positiveDuration(ConfigKeys.WORKER_TIMEOUT, ConfigKeys.DEFAULT_WORKER_TIMEOUT);
        if (workerTimeout.compareTo(heartbeat.multipliedBy(3)) < 0) {
            problems.add(Messages.invalidConfig(ConfigKeys.WORKER_TIMEOUT, workerTimeout.toString(),
                    "at least three times " + ConfigKeys.HEARTBEAT_INTERVAL + " (" + heartbeat + ")"));
        }
        Duration foreignWorkerTimeout = positiveDuration(ConfigKeys.FOREIGN_WORKER_TIMEOUT,
                ConfigKeys.DEFAULT_FOREIGN_WORKER_TIMEOUT);
        Duration statusTtl = positiveDuration(ConfigKeys.STATUS_TTL, ConfigKeys.DEFAULT_STATUS_TTL);
        RetryPolicy retry = new RetryPolicy(
                integer(ConfigKeys.RETRY_MAX_ATTEMPTS, ConfigKeys.DEFAULT_RETRY_MAX_ATTEMPTS, 1),
                positiveDuration(ConfigKeys.RETRY_BACKOFF, ConfigKeys.DEFAULT_RETRY_BACKOFF),
                positiveDuration(ConfigKeys.RETRY_MAX_BACKOFF, ConfigKeys.DEFAULT_RETRY_MAX_BACKOFF));
        String executor = value(ConfigKeys.EXECUTOR, ConfigKeys.DEFAULT_EXECUTOR);
        List<PoolConfig> pools = readPools(executor);
        Optional<SentinelSettings> sentinel = readSentinel();
        ReplicaWait replicaWait = readReplicaWait(redis.timeout());
        if (redis.cluster()) {
            refuseOnCluster(sentinel.isPresent(), ConfigKeys.REDIS_SENTINELS, "a cluster has no sentinels: set one of the two");
            // WAIT counts the replicas of the node its connection is on, and a cluster client has no one connection.
            refuseOnCluster(replicaWait.enabled(), ConfigKeys.REDIS_WAIT_REPLICAS, "WAIT is not supported on a cluster");
        }
        return new BackgroundJobsConfig(redis, namespace, workersEnabled, pools, pollInterval, grace, heartbeat,
                workerTimeout, foreignWorkerTimeout, statusTtl, readStatusTracking(), retry, readAdmin(), readPayloadLimits(),
                integer(ConfigKeys.PENDING_SENDS_MAX_JOBS, ConfigKeys.DEFAULT_PENDING_SENDS_MAX_JOBS, 1),
                bool(ConfigKeys.TRACING_PROPAGATE, true), readOutbox(),
                duration(ConfigKeys.CANCEL_GRACE, ConfigKeys.DEFAULT_CANCEL_GRACE, false), sentinel, replicaWait);
    }

    private void refuseOnCluster(boolean set, String key, String why) {
        if (set) {
            problems.add(Messages.invalidConfig(key, lookup.apply(key).orElse(""), "nothing when "
                    + ConfigKeys.REDIS_CLUSTER_NODES + " is set: " + why));
        }
    }

    /**
     * The outbox's data source, when one is named: the outbox is on exactly then (also read before the
     * rest of the configuration, to decide which beans exist).
     */
    public static Optional<String> outboxDataSource(Function<String, Optional<String>> lookup) {
        return lookup.apply(ConfigKeys.OUTBOX_DATASOURCE).map(String::trim).filter(name -> !name.isEmpty());
    }

    private Optional<OutboxSettings> readOutbox() {
        Optional<String> dataSource = outboxDataSource(lookup);
        if (dataSource.isEmpty()) {
            return Optional.empty();
        }
        String table = value(ConfigKeys.OUTBOX_TABLE, OutboxSettings.DEFAULT_TABLE);
        if (!table.matches(OutboxSettings.TABLE_NAME_PATTERN)) {
            problems.add(Messages.invalidConfig(ConfigKeys.OUTBOX_TABLE, table,
                    "a table name of at most 40 letters, digits and '_', starting with a letter (no schema, no quotes)"));
        }
        return Optional.of(new OutboxSettings(dataSource.get(), table, bool(ConfigKeys.OUTBOX_CREATE_TABLE, true),
                positiveDuration(ConfigKeys.OUTBOX_RELAY_AFTER, OutboxSettings.DEFAULT_RELAY_AFTER),
                positiveDuration(ConfigKeys.OUTBOX_WARN_AFTER, OutboxSettings.DEFAULT_WARN_AFTER)));
    }

    /** {@code none} (or empty), {@code all}, or job names separated by commas. */
    private StatusTracking readStatusTracking() {
        String value = value(ConfigKeys.TRACK_STATUS, "none").strip();
        if (value.isEmpty() || value.equalsIgnoreCase("none")) {
            return StatusTracking.NONE;
        }
        if (value.equalsIgnoreCase("all")) {
            return new StatusTracking(true, Set.of());
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.split(",", -1)) {
            String jobName = name.strip();
            if (jobName.isEmpty() || jobName.chars().anyMatch(Character::isWhitespace)
                    || jobName.equalsIgnoreCase("all") || jobName.equalsIgnoreCase("none")) {
                problems.add(Messages.invalidConfig(ConfigKeys.TRACK_STATUS, value,
                        "none, all, or job names separated by commas (each without white space)"));
                return StatusTracking.NONE;
            }
            names.add(jobName);
        }
        return new StatusTracking(false, names);
    }

    private PayloadLimits readPayloadLimits() {
        return new PayloadLimits(integer(ConfigKeys.PAYLOAD_MAX_BYTES, PayloadLimits.DEFAULT_MAX_BYTES, 64),
                integer(ConfigKeys.PAYLOAD_MAX_DEPTH, PayloadLimits.DEFAULT_MAX_DEPTH, 3),
                integer(ConfigKeys.PAYLOAD_MAX_STRING_BYTES, PayloadLimits.DEFAULT_MAX_STRING_BYTES, 16),
                integer(ConfigKeys.PAYLOAD_MAX_NUMBER_LENGTH, PayloadLimits.DEFAULT_MAX_NUMBER_LENGTH, 20));
    }

    private AdminSettings readAdmin() {
        return new AdminSettings(bool(ConfigKeys.ADMIN_ENABLED, false),
                role(ConfigKeys.ADMIN_READ_ROLE, ConfigKeys.DEFAULT_ADMIN_READ_ROLE),
                role(ConfigKeys.ADMIN_WRITE_ROLE, ConfigKeys.DEFAULT_ADMIN_WRITE_ROLE));
    }

    private String role(String key, String defaultValue) {
        String role = value(key, defaultValue).strip();
        if (role.isEmpty()) {
            problems.add(Messages.invalidConfig(key, role, "a security role name"));
        }
        return role;
    }

    private RedisSettings readRedis() {
        String url = value(ConfigKeys.REDIS_URL, ConfigKeys.DEFAULT_REDIS_URL);
        String host = "localhost";
        int port = 6379;
        boolean tls = false;
        String user = null;
        String password = null;
        int database = 0;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
                throw new URISyntaxException(url, "not a redis:// or rediss:// URL with a host");
            }
            tls = scheme.equals("rediss");
            host = uri.getHost();
            port = uri.getPort() == -1 ? 6379 : uri.getPort();
            if (port < 1 || port > 65535) {
                throw new URISyntaxException(url, "port out of range");
            }
            if (uri.getUserInfo() != null) {
                String[] userInfo = uri.getUserInfo().split(":", 2);
                user = userInfo.length == 2 && !userInfo[0].isEmpty() ? userInfo[0] : null;
                password = userInfo.length == 2 ? userInfo[1] : userInfo[0];
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (!path.isEmpty()) {
                database = Integer.parseInt(path);
                if (database < 0) {
                    throw new NumberFormatException("negative database " + database);
                }
            }
        } catch (URISyntaxException | NumberFormatException e) {
            problems.add(Messages.invalidConfig(ConfigKeys.REDIS_URL, withoutPassword(url),
                    "redis://[user:password@]host[:port][/database] or rediss://... for TLS"));
        }
        user = lookup.apply(ConfigKeys.REDIS_USER).filter(s -> !s.isBlank()).orElse(user);
        password = lookup.apply(ConfigKeys.REDIS_PASSWORD).filter(s -> !s.isEmpty()).orElse(password);
        database = integer(ConfigKeys.REDIS_DATABASE, database, 0);
        Duration timeout = positiveDuration(ConfigKeys.REDIS_TIMEOUT, ConfigKeys.DEFAULT_REDIS_TIMEOUT);
        List<RedisAddress> clusterNodes = lookup.apply(ConfigKeys.REDIS_CLUSTER_NODES).map(String::trim).filter(s -> !s.isEmpty())
                .map(nodes -> addresses(ConfigKeys.REDIS_CLUSTER_NODES, nodes, ConfigKeys.DEFAULT_REDIS_PORT,
                        "10.0.0.1:6379,10.0.0.2:6379"))
                .orElse(List.of());
        if (!clusterNodes.isEmpty() && database != 0) {
            problems.add(Messages.invalidConfig(ConfigKeys.REDIS_DATABASE, Integer.toString(database),
                    "0 when " + ConfigKeys.REDIS_CLUSTER_NODES + " is set: a Redis Cluster has only database 0"));
        }
        return new RedisSettings(host, port, tls, user, password, database, timeout, readTls(tls), clusterNodes);
    }

    /**
     * Sentinel mode is on when sentinels are named; the master name must come with them, and the
     * sentinels' own credentials mean nothing without them.
     */
    private Optional<SentinelSettings> readSentinel() {
        Optional<String> addresses = lookup.apply(ConfigKeys.REDIS_SENTINELS).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> masterName = lookup.apply(ConfigKeys.REDIS_MASTER_NAME).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> user = lookup.apply(ConfigKeys.REDIS_SENTINEL_USER).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> password = lookup.apply(ConfigKeys.REDIS_SENTINEL_PASSWORD).filter(s -> !s.isEmpty());
        if (addresses.isEmpty()) {
            masterName.ifPresent(name -> problems.add(Messages.invalidConfig(ConfigKeys.REDIS_SENTINELS, "",
                    "the host:port addresses of the sentinels that monitor master '" + name + "', since "
                            + ConfigKeys.REDIS_MASTER_NAME + " is set")));
            if (masterName.isEmpty() && (user.isPresent() || password.isPresent())) {
                problems.add(Messages.invalidConfig(ConfigKeys.REDIS_SENTINELS, "",
                        "the host:port addresses of the sentinels, since " + (user.isPresent()
                                ? ConfigKeys.REDIS_SENTINEL_USER : ConfigKeys.REDIS_SENTINEL_PASSWORD) + " is set"));
            }
            return Optional.empty();
        }
        List<RedisAddress> sentinels = addresses(ConfigKeys.REDIS_SENTINELS, addresses.get(), SentinelSettings.DEFAULT_PORT,
                "10.0.0.1:26379,10.0.0.2:26379");
        if (masterName.isEmpty()) {
            problems.add(Messages.invalidConfig(ConfigKeys.REDIS_MASTER_NAME, "",
                    "the name the sentinels monitor the master by (their 'sentinel monitor NAME'), since "
                            + ConfigKeys.REDIS_SENTINELS + " is set"));
        } else if (masterName.get().chars().anyMatch(Character::isWhitespace)) {
            problems.add(Messages.invalidConfig(ConfigKeys.REDIS_MASTER_NAME, masterName.get(), "a name without white space"));
        }
        if (user.isPresent() && password.isEmpty()) {
            problems.add(Messages.invalidConfig(ConfigKeys.REDIS_SENTINEL_PASSWORD, "",
                    "the password of sentinel user '" + user.get() + "', since " + ConfigKeys.REDIS_SENTINEL_USER + " is set"));
        }
        return Optional.of(new SentinelSettings(sentinels, masterName.orElse(""), user.orElse(null), password.orElse(null)));
    }

    /**
     * Distinct {@code host:port} separated by commas ({@code defaultPort} when a port is left out; an IPv6
     * host in brackets), or one problem naming the key.
     */
    private List<RedisAddress> addresses(String key, String value, int defaultPort, String example) {
        List<RedisAddress> addresses = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            Optional<RedisAddress> address = RedisAddress.parse(item.trim(), defaultPort);
            if (address.isEmpty() || addresses.contains(address.get())) {
                problems.add(Messages.invalidConfig(key, value, "distinct addresses host:port separated by commas, e.g. "
                        + example + " (an IPv6 host in brackets: [::1]:" + defaultPort + ")"));
                return List.of();
            }
            addresses.add(address.get());
        }
        return addresses;
    }

    /** WAIT's timeout must end before the socket's, or a slow replica would look like a dead master. */
    private ReplicaWait readReplicaWait(Duration socketTimeout) {
        int replicas = integer(ConfigKeys.REDIS_WAIT_REPLICAS, 0, 0);
        Duration timeout = positiveDuration(ConfigKeys.REDIS_WAIT_TIMEOUT, ReplicaWait.DEFAULT_TIMEOUT);
        if (replicas > 0 && timeout.compareTo(socketTimeout) >= 0) {
            problems.add(Messages.invalidConfig(ConfigKeys.REDIS_WAIT_TIMEOUT, timeout.toString(),
                    "a duration shorter than " + ConfigKeys.REDIS_TIMEOUT + " (" + socketTimeout
                            + "), which bounds each Redis reply"));
        }
        return new ReplicaWait(replicas, timeout);
    }

    private TlsSettings readTls(boolean tls) {
        if (!tls) {
            TLS_KEYS.stream().filter(key -> lookup.apply(key).filter(value -> !value.isBlank()).isPresent())
                    .forEach(key -> problems.add(Messages.tlsKeyWithoutRediss(key, ConfigKeys.REDIS_URL)));
            return TlsSettings.DEFAULT;
        }
        Optional<Path> caFile = readableFile(ConfigKeys.REDIS_TLS_CA_FILE);
        Optional<Path> truststore = readableFile(ConfigKeys.REDIS_TLS_TRUSTSTORE);
        String truststorePassword = secret(ConfigKeys.REDIS_TLS_TRUSTSTORE_PASSWORD);
        Optional<Path> certFile = readableFile(ConfigKeys.REDIS_TLS_CERT_FILE);
        Optional<Path> keyFile = readableFile(ConfigKeys.REDIS_TLS_KEY_FILE);
        Optional<Path> keystore = readableFile(ConfigKeys.REDIS_TLS_KEYSTORE);
        String keystorePassword = secret(ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD);
        needs(truststorePassword != null, truststore, ConfigKeys.REDIS_TLS_TRUSTSTORE_PASSWORD, ConfigKeys.REDIS_TLS_TRUSTSTORE);
        needs(certFile.isPresent(), keyFile, ConfigKeys.REDIS_TLS_CERT_FILE, ConfigKeys.REDIS_TLS_KEY_FILE);
        needs(keyFile.isPresent(), certFile, ConfigKeys.REDIS_TLS_KEY_FILE, ConfigKeys.REDIS_TLS_CERT_FILE);
        needs(keystorePassword != null, keystore, ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD, ConfigKeys.REDIS_TLS_KEYSTORE);
        // A key store's private key is encrypted with its password: without one it could not be read.
        needs(keystore.isPresent(), Optional.ofNullable(keystorePassword), ConfigKeys.REDIS_TLS_KEYSTORE,
                ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD);
        if (keystore.isPresent() && (certFile.isPresent() || keyFile.isPresent())) {
            problems.add(Messages.tlsKeysConflict(ConfigKeys.REDIS_TLS_KEYSTORE,
                    certFile.isPresent() ? ConfigKeys.REDIS_TLS_CERT_FILE : ConfigKeys.REDIS_TLS_KEY_FILE));
        }
        return new TlsSettings(caFile, truststore, truststorePassword, keyStoreType(ConfigKeys.REDIS_TLS_TRUSTSTORE_TYPE),
                certFile, keyFile, keystore, keystorePassword, keyStoreType(ConfigKeys.REDIS_TLS_KEYSTORE_TYPE),
                bool(ConfigKeys.REDIS_TLS_VERIFY_HOST, true));
    }

    /** When {@code given}, {@code companion} must be set too (else a problem naming both keys). */
    private void needs(boolean given, Optional<?> companion, String key, String companionKey) {
        if (given && companion.isEmpty()) {
            problems.add(Messages.tlsKeyNeeds(key, companionKey));
        }
    }

    private Optional<Path> readableFile(String key) {
        Optional<String> value = lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(value.get());
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                return Optional.of(file);
            }
        } catch (InvalidPathException e) {
            // reported below, like a file that is not there
        }
        problems.add(Messages.invalidConfig(key, value.get(), "the path of a readable file"));
        return Optional.empty();
    }

    /** A password: never trimmed (its spaces may be part of it) and never shown in a message. */
    private String secret(String key) {
        return lookup.apply(key).filter(s -> !s.isEmpty()).orElse(null);
    }

    private String keyStoreType(String key) {
        String type = value(key, ConfigKeys.DEFAULT_KEYSTORE_TYPE);
        try {
            KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            problems.add(Messages.invalidConfig(key, type, "a key store type this JVM knows, such as PKCS12 or JKS"));
        }
        return type;
    }

    /**
     * The URL as it may be shown in a message: everything between the scheme and the last "@" is hidden, so a
     * password holding "/", "#", "?" or an unencoded "@" (which make the URL invalid) is hidden too.
     */
    private static String withoutPassword(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        Matcher scheme = URL_SCHEME.matcher(url);
        int start = scheme.find() && scheme.end() <= at ? scheme.end() : 0;
        return url.substring(0, start) + "***" + url.substring(at);
    }

    private List<PoolConfig> readPools(String defaultExecutor) {
        String names = value(ConfigKeys.POOLS, ConfigKeys.DEFAULT_POOL);
        List<String> poolNames = list(names);
        if (poolNames.isEmpty() || poolNames.stream().anyMatch(n -> !n.matches("[A-Za-z0-9_-]+"))
                || new LinkedHashSet<>(poolNames).size() != poolNames.size()) {
            problems.add(Messages.invalidConfig(ConfigKeys.POOLS, names,
                    "a comma-separated list of distinct pool names made of letters, digits, '_' and '-'"));
            return List.of();
        }
        List<PoolConfig> pools = new ArrayList<>();
        for (String pool : poolNames) {
            String queuesKey = ConfigKeys.poolQueues(pool);
            String queuesValue = value(queuesKey, ConfigKeys.DEFAULT_QUEUES);
            List<String> queues = list(queuesValue);
            boolean valid = !queues.isEmpty()
                    && new LinkedHashSet<>(queues).size() == queues.size()
                    && (queues.equals(List.of(PoolConfig.ALL_QUEUES)) || queues.stream().allMatch(QueueNames::isValid));
            if (!valid) {
                problems.add(Messages.invalidConfig(queuesKey, queuesValue,
                        "'*' or a comma-separated list of distinct queue names in priority order"));
            } else if (queues.stream().anyMatch(ConfigParser::breaksWorkerRoutes)) {
                // The queues are the last field of the pool's worker ids, which resque-web puts in its paths.
                problems.add(Messages.invalidConfig(queuesKey, queuesValue,
                        "queue names without '/', '?', '#' or '%', which would break resque-web's links to the "
                                + "pool's workers"));
            }
            int concurrency = integer(ConfigKeys.poolConcurrency(pool), ConfigKeys.DEFAULT_CONCURRENCY, 1);
            String executor = value(ConfigKeys.poolExecutor(pool), defaultExecutor);
            pools.add(new PoolConfig(pool, queues, concurrency, executor));
        }
        return pools;
    }

    /** Whether a queue name in a worker id would end or change the path segment resque-web routes on. */
    static boolean breaksWorkerRoutes(String queue) {
        return queue.chars().anyMatch(c -> c == '/' || c == '?' || c == '#' || c == '%');
    }

    private String value(String key, String defaultValue) {
        return lookup.apply(key).map(String::trim).orElse(defaultValue);
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private boolean bool(String key, boolean defaultValue) {
        String value = value(key, Boolean.toString(defaultValue));
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        problems.add(Messages.invalidConfig(key, value, "true or false"));
        return defaultValue;
    }

    private int integer(String key, int defaultValue, int minimum) {
        Optional<String> value = lookup.apply(key).map(String::trim);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, like a value under the minimum
        }
        problems.add(Messages.invalidConfig(key, value.get(), "a whole number of at least " + minimum));
        return defaultValue;
    }

    private Duration positiveDuration(String key, String defaultValue) {
        return duration(key, defaultValue, true);
    }

    private Duration duration(String key, String defaultValue, boolean positive) {
        String value = value(key, defaultValue);
        Optional<Duration> parsed = Durations.parse(value);
        if (parsed.isPresent() && !parsed.get().isNegative() && !(positive && parsed.get().isZero())) {
            return parsed.get();
        }
        problems.add(Messages.invalidConfig(key, value,
                (positive ? "a positive" : "a non-negative") + " duration such as 500ms, 5s, 2m, 1h or PT5S"));
        return Durations.parse(defaultValue).orElseThrow();
    }

}
