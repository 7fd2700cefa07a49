package dev.backgroundjobs.internal.outbox;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.config.OutboxSettings;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import dev.backgroundjobs.internal.redis.RedisClock;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The outbox table of this application's namespace, through the configured data source. A write made
 * inside a JTA transaction goes through a connection the container enlists in it, so the rows commit
 * or roll back with the application's own. Row times are Redis's (see {@link RedisClock}), as every
 * server compares them.
 */
@ApplicationScoped
public class OutboxStore {

    private static final Logger LOG = Logger.getLogger(OutboxStore.class.getName());

    @Inject
    BackgroundJobsConfig config;

    @Inject
    RedisClock clock;

    private Optional<OutboxSettings> settings;
    private OutboxTable table;
    private volatile DataSource dataSource;
    private volatile boolean prepared;

    @PostConstruct
    void init() {
        settings = config.outbox();
        table = settings.map(outbox -> new OutboxTable(outbox.table())).orElse(null);
    }

    public boolean enabled() {
        return settings.isPresent();
    }

    public OutboxSettings settings() {
        return settings.orElseThrow();
    }

    /**
     * Makes sure the table exists, creating it when allowed and missing; run outside any transaction.
     * Once it is known to exist, returns at once.
     *
     * @throws SQLException when the table is missing and may not be created, or creating it failed
     */
    public void prepare() throws SQLException {
        if (prepared) {
            return;
        }
        try (Connection connection = dataSource().getConnection()) {
            if (!table.exists(connection)) {
                if (!settings().createTable()) {
                    throw new SQLException(Messages.outboxTableMissing(table.name(), settings().dataSource(),
                            table.ddl(connection.getMetaData().getDatabaseProductName())));
                }
                try {
                    table.create(connection);
                    LOG.info(Messages.outboxTableCreated(table.name(), settings().dataSource()));
                } catch (SQLException e) {
                    // Another server may have created it at the same moment.
                    if (!table.exists(connection)) {
                        throw e;
                    }
                }
            }
        }
        prepared = true;
    }

    /** Keeps the jobs in the table; inside a JTA transaction, as part of it. */
    public void write(List<QueuedPayload> jobs) throws SQLException {
        Instant now = clock.now();
        List<OutboxRow> rows = jobs.stream().map(job -> OutboxRow.of(job, config.namespace(), now)).toList();
        try (Connection connection = dataSource().getConnection()) {
            table.insert(connection, rows);
        }
    }

    /** Takes rows older than {@code age} that no other relay holds, for {@code lease}. */
    public List<OutboxRow> take(Duration age, String owner, Duration lease, int limit) throws SQLException {
        Instant now = clock.now();
        try (Connection connection = dataSource().getConnection()) {
            return table.take(connection, config.namespace(), now.minus(age), owner, now, lease, limit);
        }
    }

    public int delete(Collection<String> jobIds) throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            return table.delete(connection, jobIds);
        }
    }

    /** The rows waiting, and how long the oldest has. */
    public OutboxBacklog backlog() throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            return table.backlog(connection, config.namespace());
        }
    }

    public String tableName() {
        return table.name();
    }

    private DataSource dataSource() throws SQLException {
        DataSource found = dataSource;
        if (found == null) {
            try {
                found = InitialContext.doLookup(settings().dataSource());
            } catch (NamingException | ClassCastException e) {
                throw new SQLException(Messages.outboxDataSourceMissing(settings().dataSource(), e.getMessage()), e);
            }
            dataSource = found;
        }
        return found;
    }
}
