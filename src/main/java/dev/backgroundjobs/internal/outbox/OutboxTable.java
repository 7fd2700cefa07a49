package dev.backgroundjobs.internal.outbox;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outbox table in plain, portable SQL: times are epoch milliseconds in BIGINT columns, so no
 * database's date types or clock are involved; only the payload's text type differs per database. A
 * row is taken by a relay with a lease (a conditional UPDATE that any database runs atomically per
 * row), not a row lock, so no transaction stays open while Redis is called.
 */
final class OutboxTable {

    /** At most this many ids in one DELETE's IN list (well under every database's parameter limit). */
    private static final int DELETE_CHUNK = 200;
    private static final int ID_WIDTH = 64;
    private static final int NAME_WIDTH = 200;
    private static final int UNIQUE_KEY_WIDTH = 1000;
    private static final String COLUMNS = "job_id, namespace, queue, payload, run_at, unique_key, unique_ttl, created_at";

    private final String name;

    OutboxTable(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** The CREATE statements for a database, as {@link DatabaseMetaData#getDatabaseProductName()} names it. */
    List<String> ddl(String databaseProduct) {
        String text = textType(databaseProduct);
        return List.of("CREATE TABLE " + name + " ("
                + "job_id VARCHAR(" + ID_WIDTH + ") NOT NULL PRIMARY KEY, "
                + "namespace VARCHAR(" + NAME_WIDTH + ") NOT NULL, "
                + "queue VARCHAR(" + NAME_WIDTH + ") NOT NULL, "
                + "payload " + text + " NOT NULL, "
                + "run_at BIGINT, "
                + "unique_key VARCHAR(" + UNIQUE_KEY_WIDTH + "), "
                + "unique_ttl BIGINT, "
                + "created_at BIGINT NOT NULL, "
                + "lease_owner VARCHAR(" + ID_WIDTH + "), "
                + "lease_until BIGINT)",
                "CREATE INDEX " + name + "_created ON " + name + " (namespace, created_at)");
    }

    private static String textType(String databaseProduct) {
        String product = databaseProduct.toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return "TEXT";
        }
        if (product.contains("mysql") || product.contains("mariadb")) {
            return "LONGTEXT";
        }
        if (product.contains("microsoft")) {
            return "NVARCHAR(MAX)";
        }
        // H2, Derby, DB2, Oracle and the SQL standard.
        return "CLOB";
    }

    boolean exists(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String stored = metadata.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT)
                : metadata.storesLowerCaseIdentifiers() ? name.toLowerCase(Locale.ROOT) : name;
        try (ResultSet tables = metadata.getTables(connection.getCatalog(), connection.getSchema(), stored,
                new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    /** Creates the table and its index; the connection must be in auto-commit mode or committed after. */
    void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : ddl(connection.getMetaData().getDatabaseProductName())) {
                statement.execute(sql);
            }
        }
    }

    /**
     * @throws SQLException also, before anything is written, for a value wider than its column, naming
     *         it (rather than leaving each database to say so in its own words, or to cut it short)
     */
    void insert(Connection connection, List<OutboxRow> rows) throws SQLException {
        for (OutboxRow row : rows) {
            requireWithin("job_id", row.jobId(), ID_WIDTH);
            requireWithin("namespace", row.namespace(), NAME_WIDTH);
            requireWithin("queue", row.queue(), NAME_WIDTH);
            requireWithin("unique_key", row.uniqueKey(), UNIQUE_KEY_WIDTH);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + name + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            if (rows.size() == 1) {
                bind(insert, rows.get(0));
                insert.executeUpdate();
                return;
            }
            for (OutboxRow row : rows) {
                bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void requireWithin(String column, String value, int width) throws SQLException {
        if (value != null && value.length() > width) {
            throw new SQLException("the " + column + " '" + value.substring(0, 40) + "…' has " + value.length()
                    + " characters, more than the outbox table's column " + column + " holds (" + width + ")");
        }
    }

    private static void bind(PreparedStatement insert, OutboxRow row) throws SQLException {
        insert.setString(1, row.jobId());
        insert.setString(2, row.namespace());
        insert.setString(3, row.queue());
        insert.setString(4, row.payload());
        setLong(insert, 5, row.runAt() == null ? null : row.runAt().getEpochSecond());
        insert.setString(6, row.uniqueKey());
        setLong(insert, 7, row.uniqueFor() == null ? null : row.uniqueFor().toSeconds());
        insert.setLong(8, row.createdAt().toEpochMilli());
    }

    /**
     * Takes up to {@code limit} rows of the namespace written before {@code writtenBefore} that no
     * other relay holds, for {@code lease}; returns the rows taken, oldest first. Commits.
     */
    List<OutboxRow> take(Connection connection, String namespace, Instant writtenBefore, String owner, Instant now,
            Duration lease, int limit) throws SQLException {
        List<OutboxRow> candidates = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + name
                + " WHERE namespace = ? AND created_at < ? AND (lease_until IS NULL OR lease_until < ?)"
                + " ORDER BY created_at FETCH FIRST " + limit + " ROWS ONLY")) {
            select.setString(1, namespace);
            select.setLong(2, writtenBefore.toEpochMilli());
            select.setLong(3, now.toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    candidates.add(row(rows));
                }
            }
        }
        if (candidates.isEmpty()) {
            return candidates;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement claim = connection.prepareStatement("UPDATE " + name
                + " SET lease_owner = ?, lease_until = ? WHERE job_id = ? AND (lease_until IS NULL OR lease_until < ?)")) {
            for (OutboxRow row : candidates) {
                claim.setString(1, owner);
                claim.setLong(2, now.plus(lease).toEpochMilli());
                claim.setString(3, row.jobId());
                claim.setLong(4, now.toEpochMilli());
                claim.addBatch();
            }
            int[] counts = claim.executeBatch();
            connection.commit();
            List<OutboxRow> taken = new ArrayList<>(candidates.size());
            for (int i = 0; i < counts.length; i++) {
                // Another relay that took the row between the SELECT and the UPDATE made its WHERE false.
                if (counts[i] == 1 || counts[i] == Statement.SUCCESS_NO_INFO) {
                    taken.add(candidates.get(i));
                }
            }
            return taken;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Deletes the rows of these jobs; returns how many there were. */
    int delete(Connection connection, Collection<String> jobIds) throws SQLException {
        List<String> ids = List.copyOf(jobIds);
        int deleted = 0;
        for (int first = 0; first < ids.size(); first += DELETE_CHUNK) {
            List<String> chunk = ids.subList(first, Math.min(ids.size(), first + DELETE_CHUNK));
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + name + " WHERE job_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    delete.setString(i + 1, chunk.get(i));
                }
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }

    /** How many rows of the namespace wait, and when the oldest was written. */
    OutboxBacklog backlog(Connection connection, String namespace) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*), MIN(created_at) FROM " + name + " WHERE namespace = ?")) {
            count.setString(1, namespace);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                long rows = result.getLong(1);
                long oldest = result.getLong(2);
                return new OutboxBacklog(rows, result.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
            }
        }
    }

    private static OutboxRow row(ResultSet rows) throws SQLException {
        long runAt = rows.getLong(5);
        Instant due = rows.wasNull() ? null : Instant.ofEpochSecond(runAt);
        String uniqueKey = rows.getString(6);
        long uniqueTtl = rows.getLong(7);
        Duration uniqueFor = rows.wasNull() ? null : Duration.ofSeconds(uniqueTtl);
        return new OutboxRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), due,
                uniqueKey, uniqueFor, Instant.ofEpochMilli(rows.getLong(8)));
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
