package dev.backgroundjobs.internal.config;

import java.time.Duration;

/**
 * The transactional outbox: the data source (a JNDI name) whose table keeps the jobs of a transaction
 * with the transaction's own rows; whether the module creates the table; how old a row must be before
 * any server's relay sends it (younger ones are the committing server's to send); and how long a row
 * may wait before a warning is logged.
 */
public record OutboxSettings(String dataSource, String table, boolean createTable, Duration relayAfter,
        Duration warnAfter) {

    public static final String DEFAULT_TABLE = "bgj_outbox";
    public static final String DEFAULT_RELAY_AFTER = "10s";
    public static final String DEFAULT_WARN_AFTER = "60s";
    /** Unquoted, so every database folds it the same way; no schema, so the index can sit beside it. */
    public static final String TABLE_NAME_PATTERN = "[A-Za-z][A-Za-z0-9_]{0,39}";
}
