package dev.backgroundjobs.it.outbox;

import dev.backgroundjobs.JobQueue;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application's own transactions: each writes one row into the table {@code orders} of the outbox's
 * data source and enqueues one {@link OrderJob} for it, in one JTA transaction, which commits or rolls
 * back. The outbox rows the module writes in the same transaction are read here too (table from the
 * module's configuration), so the tests can compare the two.
 */
@ApplicationScoped
public class Orders {

    /** Thrown by {@link #placeAndThrow}: a runtime exception makes {@code @Transactional} roll back. */
    public static final class RolledBack extends RuntimeException {
        RolledBack(long id) {
            super("order " + id + " rolls back on purpose");
        }
    }

    @Inject
    JobQueue jobs;

    @Inject
    @ConfigProperty(name = "background-jobs.outbox.datasource")
    String dataSourceName;

    @Inject
    @ConfigProperty(name = "background-jobs.outbox.table", defaultValue = "bgj_outbox")
    String outboxTable;

    @Inject
    @ConfigProperty(name = "background-jobs.namespace")
    String namespace;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    /** Commits an order and its job; returns the job id. */
    @Transactional
    public String place(String batch, long id) throws SQLException {
        String jobId = jobs.enqueue(OrderJob.class, id);
        insert(batch, id, jobId);
        return jobId;
    }

    /** Writes the order and enqueues its job, then throws: the transaction rolls back. */
    @Transactional
    public void placeAndThrow(String batch, long id) throws SQLException {
        insert(batch, id, jobs.enqueue(OrderJob.class, id));
        throw new RolledBack(id);
    }

    /** Writes the order and enqueues its job, then marks the transaction for rollback. */
    @Transactional
    public void placeAndMarkRollback(String batch, long id) throws SQLException {
        insert(batch, id, jobs.enqueue(OrderJob.class, id));
        transactions.setRollbackOnly();
    }

    /**
     * Commits an order and its job with {@code hold} registered before the first enqueue, so that (when
     * the transaction manager calls interposed synchronizations in registration order) the commit
     * returns only after {@code hold} let it go: the window between the commit and the module's push.
     */
    @Transactional
    public String placeAndHold(String batch, long id, Synchronization hold) throws SQLException {
        transactions.registerInterposedSynchronization(hold);
        String jobId = jobs.enqueue(OrderJob.class, id);
        insert(batch, id, jobId);
        return jobId;
    }

    private void insert(String batch, long id, String jobId) throws SQLException {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (batch, id, job_id) VALUES (?, ?, ?)")) {
            insert.setString(1, batch);
            insert.setLong(2, id);
            insert.setString(3, jobId);
            insert.executeUpdate();
        }
    }

    /** Creates {@code orders} when missing (outside any transaction). */
    public void createTable() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS orders (batch VARCHAR(40) NOT NULL, id BIGINT NOT NULL,"
                    + " job_id VARCHAR(100), PRIMARY KEY (batch, id))");
        }
    }

    /** Forgets the orders of a batch and this namespace's outbox rows. */
    public void reset(String batch) throws SQLException {
        createTable();
        try (Connection connection = dataSource().getConnection()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM orders WHERE batch = ?")) {
                delete.setString(1, batch);
                delete.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + outboxTable + " WHERE namespace = ?")) {
                delete.setString(1, namespace);
                delete.executeUpdate();
            }
        }
    }

    /**
     * What the database holds: {@code orders} (committed orders of the batch), {@code outbox} (rows of
     * the outbox table in this namespace), {@code outboxOfOrders} (outbox rows whose job belongs to a
     * committed order of the batch), {@code ordersWithoutJob} (orders with no job id).
     */
    public Map<String, Long> state(String batch) throws SQLException {
        Map<String, Long> state = new LinkedHashMap<>();
        try (Connection connection = dataSource().getConnection()) {
            state.put("orders", count(connection, "SELECT COUNT(*) FROM orders WHERE batch = ?", batch));
            state.put("ordersWithoutJob", count(connection, "SELECT COUNT(*) FROM orders WHERE batch = ? AND job_id IS NULL", batch));
            state.put("outbox", count(connection, "SELECT COUNT(*) FROM " + outboxTable + " WHERE namespace = ?", namespace));
            state.put("outboxOfOrders", count(connection, "SELECT COUNT(*) FROM " + outboxTable + " b JOIN orders o"
                    + " ON o.job_id = b.job_id WHERE o.batch = ?", batch));
        }
        return state;
    }

    private static long count(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private DataSource dataSource() {
        try {
            return InitialContext.doLookup(dataSourceName);
        } catch (NamingException e) {
            throw new IllegalStateException("no data source " + dataSourceName, e);
        }
    }
}
