package dev.backgroundjobs.internal.config;

/** Every MicroProfile Config key the module reads; the README's configuration table lists the same. */
public final class ConfigKeys {

    public static final String PREFIX = "background-jobs.";

    public static final String REDIS_URL = PREFIX + "redis.url";
    public static final String REDIS_USER = PREFIX + "redis.user";
    public static final String REDIS_PASSWORD = PREFIX + "redis.password";
    public static final String REDIS_DATABASE = PREFIX + "redis.database";
    public static final String REDIS_TIMEOUT = PREFIX + "redis.timeout";
    public static final String REDIS_CLUSTER_NODES = PREFIX + "redis.cluster-nodes";
    public static final String REDIS_TLS_CA_FILE = PREFIX + "redis.tls.ca-file";
    public static final String REDIS_TLS_TRUSTSTORE = PREFIX + "redis.tls.truststore";
    public static final String REDIS_TLS_TRUSTSTORE_PASSWORD = PREFIX + "redis.tls.truststore-password";
    public static final String REDIS_TLS_TRUSTSTORE_TYPE = PREFIX + "redis.tls.truststore-type";
    public static final String REDIS_TLS_CERT_FILE = PREFIX + "redis.tls.cert-file";
    public static final String REDIS_TLS_KEY_FILE = PREFIX + "redis.tls.key-file";
    public static final String REDIS_TLS_KEYSTORE = PREFIX + "redis.tls.keystore";
    public static final String REDIS_TLS_KEYSTORE_PASSWORD = PREFIX + "redis.tls.keystore-password";
    public static final String REDIS_TLS_KEYSTORE_TYPE = PREFIX + "redis.tls.keystore-type";
    public static final String REDIS_TLS_VERIFY_HOST = PREFIX + "redis.tls.verify-host";
    /** Redis Sentinel: the sentinels' addresses; with them, the master is the one they name. */
    public static final String REDIS_SENTINELS = PREFIX + "redis.sentinels";
    public static final String REDIS_MASTER_NAME = PREFIX + "redis.master-name";
    public static final String REDIS_SENTINEL_USER = PREFIX + "redis.sentinel-user";
    public static final String REDIS_SENTINEL_PASSWORD = PREFIX + "redis.sentinel-password";
    /** How many replicas must acknowledge an enqueue (Redis WAIT), and how long to wait for them. */
    public static final String REDIS_WAIT_REPLICAS = PREFIX + "redis.wait-replicas";
    public static final String REDIS_WAIT_TIMEOUT = PREFIX + "redis.wait-timeout";
    public static final String NAMESPACE = PREFIX + "namespace";
    public static final String WORKERS_ENABLED = PREFIX + "workers.enabled";
    public static final String POOLS = PREFIX + "pools";
    public static final String POLL_INTERVAL = PREFIX + "poll-interval";
    public static final String SHUTDOWN_GRACE_PERIOD = PREFIX + "shutdown-grace-period";
    public static final String EXECUTOR = PREFIX + "executor";
    public static final String HEARTBEAT_INTERVAL = PREFIX + "heartbeat-interval";
    public static final String WORKER_TIMEOUT = PREFIX + "worker-timeout";
    public static final String FOREIGN_WORKER_TIMEOUT = PREFIX + "foreign-worker-timeout";
    public static final String STATUS_TTL = PREFIX + "status-ttl";
    /** How long a running job may go on after a cancel request was seen before its thread is interrupted. */
    public static final String CANCEL_GRACE = PREFIX + "cancel-grace";
    public static final String TRACK_STATUS = PREFIX + "track-status";
    public static final String RETRY_MAX_ATTEMPTS = PREFIX + "retry.max-attempts";
    public static final String RETRY_BACKOFF = PREFIX + "retry.backoff";
    public static final String RETRY_MAX_BACKOFF = PREFIX + "retry.max-backoff";
    public static final String ADMIN_ENABLED = PREFIX + "admin.enabled";
    public static final String ADMIN_READ_ROLE = PREFIX + "admin.read-role";
    public static final String ADMIN_WRITE_ROLE = PREFIX + "admin.write-role";
    public static final String PAYLOAD_MAX_BYTES = PREFIX + "payload.max-bytes";
    public static final String PAYLOAD_MAX_DEPTH = PREFIX + "payload.max-depth";
    public static final String PAYLOAD_MAX_STRING_BYTES = PREFIX + "payload.max-string-bytes";
    public static final String PAYLOAD_MAX_NUMBER_LENGTH = PREFIX + "payload.max-number-length";
    public static final String PENDING_SENDS_MAX_JOBS = PREFIX + "pending-sends.max-jobs";
    public static final String TRACING_PROPAGATE = PREFIX + "tracing.propagate";
    public static final String OUTBOX_DATASOURCE = PREFIX + "outbox.datasource";
    public static final String OUTBOX_TABLE = PREFIX + "outbox.table";
    public static final String OUTBOX_CREATE_TABLE = PREFIX + "outbox.create-table";
    public static final String OUTBOX_RELAY_AFTER = PREFIX + "outbox.relay-after";
    public static final String OUTBOX_WARN_AFTER = PREFIX + "outbox.warn-after";

    public static final String DEFAULT_REDIS_URL = "redis://localhost:6379";
    public static final int DEFAULT_REDIS_PORT = 6379;
    public static final String DEFAULT_NAMESPACE = "resque";
    public static final String DEFAULT_POOL = "default";
    public static final String DEFAULT_QUEUES = "*";
    public static final int DEFAULT_CONCURRENCY = 2;
    public static final String DEFAULT_POLL_INTERVAL = "5s";
    public static final String DEFAULT_REDIS_TIMEOUT = "5s";
    public static final String DEFAULT_KEYSTORE_TYPE = "PKCS12";
    public static final String DEFAULT_SHUTDOWN_GRACE_PERIOD = "30s";
    public static final String DEFAULT_EXECUTOR = "java:comp/DefaultManagedExecutorService";
    public static final String DEFAULT_HEARTBEAT_INTERVAL = "5s";
    public static final String DEFAULT_WORKER_TIMEOUT = "60s";
    /** Resque's own prune interval: five of its 60 s heartbeats. */
    public static final String DEFAULT_FOREIGN_WORKER_TIMEOUT = "300s";
    public static final String DEFAULT_STATUS_TTL = "24h";
    public static final String DEFAULT_CANCEL_GRACE = "10s";
    public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 3;
    public static final String DEFAULT_RETRY_BACKOFF = "10s";
    public static final String DEFAULT_RETRY_MAX_BACKOFF = "1h";
    public static final int DEFAULT_PENDING_SENDS_MAX_JOBS = 10_000;
    public static final String DEFAULT_ADMIN_READ_ROLE = "background-jobs-viewer";
    public static final String DEFAULT_ADMIN_WRITE_ROLE = "background-jobs-admin";

    private ConfigKeys() {
    }

    public static String poolQueues(String pool) {
        return PREFIX + "pool." + pool + ".queues";
    }

    public static String poolConcurrency(String pool) {
        return PREFIX + "pool." + pool + ".concurrency";
    }

    public static String poolExecutor(String pool) {
        return PREFIX + "pool." + pool + ".executor";
    }

    /** At most N starts per period across all servers, written {@code N/PERIOD}, e.g. {@code 50/1s}. */
    public static String jobRateLimit(String job) {
        return PREFIX + "job." + job + ".rate-limit";
    }

    /** At most N runs at once across all servers. */
    public static String jobConcurrencyLimit(String job) {
        return PREFIX + "job." + job + ".concurrency-limit";
    }

    /** Counts the job's limits per value of an argument: its position, optionally {@code .field}. */
    public static String jobLimitKey(String job) {
        return PREFIX + "job." + job + ".limit-key";
    }

    public static String jobMaxAttempts(String job) {
        return PREFIX + "job." + job + ".max-attempts";
    }

    public static String jobBackoff(String job) {
        return PREFIX + "job." + job + ".backoff";
    }

    public static String recurringCron(String job) {
        return PREFIX + "recurring." + job + ".cron";
    }

    public static String recurringZone(String job) {
        return PREFIX + "recurring." + job + ".zone";
    }

    public static String recurringArgs(String job) {
        return PREFIX + "recurring." + job + ".args";
    }

    public static String recurringMissed(String job) {
        return PREFIX + "recurring." + job + ".missed";
    }

    public static String jobTimeout(String job) {
        return PREFIX + "job." + job + ".timeout";
    }
}
