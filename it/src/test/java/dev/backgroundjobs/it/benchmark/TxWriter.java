package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.JobQueue;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The application's side of one request of {@link TransactionLatencyBenchmark}: one JTA transaction. */
@ApplicationScoped
public class TxWriter {

    static final String TABLE = "bench_tx_rows";

    @Resource(lookup = "jdbc/outboxPostgres")
    DataSource postgres;

    @Resource(lookup = "jdbc/demo")
    DataSource h2;

    @Inject
    JobQueue jobs;

    /** Inserts one row into the application's table and enqueues {@code jobCount} jobs, one call each; commits. */
    @Transactional
    public void write(String database, int jobCount) throws SQLException {
        try (Connection connection = dataSource(database).getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO " + TABLE + " (note, created_at) VALUES (?, ?)")) {
            insert.setString(1, "order");
            insert.setLong(2, System.currentTimeMillis());
            insert.executeUpdate();
        }
        for (int i = 0; i < jobCount; i++) {
            jobs.enqueue(TxNoopJob.class, (long) i);
        }
    }

    DataSource dataSource(String database) {
        return switch (database) {
            case "postgres" -> postgres;
            case "h2" -> h2;
            default -> throw new IllegalArgumentException("no data source " + database);
        };
    }
}
