package dev.backgroundjobs.internal.outbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox table's SQL on real embedded databases (H2 and Derby): DDL, insert, lease, delete, backlog. */
class OutboxTableTest {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(60);

    final OutboxTable table = new OutboxTable("bgj_outbox");
    final List<Connection> opened = new ArrayList<>();
    String url;

    @AfterEach
    void close() throws SQLException {
        for (Connection connection : opened) {
            connection.close();
        }
    }

    Connection open(String database) throws SQLException {
        if (url == null) {
            String name = "outbox" + UUID.randomUUID().toString().replace("-", "");
            url = switch (database) {
                case "h2" -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
                case "derby" -> "jdbc:derby:memory:" + name + ";create=true";
                default -> throw new IllegalArgumentException(database);
            };
        }
        Connection connection = DriverManager.getConnection(url);
        opened.add(connection);
        return connection;
    }

    Connection created(String database) throws SQLException {
        Connection connection = open(database);
        assertFalse(table.exists(connection));
        table.create(connection);
        return connection;
    }

    static OutboxRow row(String id, String namespace, Instant createdAt) {
        return new OutboxRow(id, namespace, "mail", "{\"class\":\"Mail\",\"args\":[\"" + id + "\"],\"id\":\"" + id + "\"}",
                null, null, null, createdAt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void createsTheTableOnceItIsMissingAndFindsIt(String database) throws SQLException {
        Connection connection = created(database);

        assertTrue(table.exists(connection));
        assertTrue(new OutboxTable("BGJ_OUTBOX").exists(connection), "unquoted names fold the same way");
        assertFalse(new OutboxTable("other_outbox").exists(connection));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void aRowComesBackAsItWasWrittenWithEveryField(String database) throws SQLException {
        Connection connection = created(database);
        String payload = "{\"class\":\"Mail\",\"args\":[\"" + "ä€😀\\/".repeat(20_000) + "\"],\"id\":\"1\"}";
        OutboxRow delayedUnique = new OutboxRow("1", "ns", "mail", payload, Instant.ofEpochSecond(1_800_000_000L),
                "ns:bgj:unique:Mail:abc", Duration.ofSeconds(600), T0);
        table.insert(connection, List.of(delayedUnique, row("2", "ns", T0)));

        List<OutboxRow> taken = table.take(connection, "ns", T0.plusMillis(1), "me", T0, LEASE, 10);

        assertEquals(List.of(delayedUnique, row("2", "ns", T0)), taken);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void aQueueNameWiderThanItsColumnIsRefusedByNameAndNothingOfTheBatchIsWritten(String database) throws SQLException {
        Connection connection = created(database);
        OutboxRow wide = new OutboxRow("2", "ns", "q".repeat(201), "{}", null, null, null, T0);

        SQLException refused = assertThrows(SQLException.class,
                () -> table.insert(connection, List.of(row("1", "ns", T0), wide)));

        assertTrue(refused.getMessage().contains("has 201 characters, more than the outbox table's column queue holds (200)"),
                refused.getMessage());
        assertEquals(0, table.backlog(connection, "ns").rows());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void takesOnlyRowsOfItsNamespaceWrittenBeforeTheCutOffOldestFirstUpToTheLimit(String database) throws SQLException {
        Connection connection = created(database);
        table.insert(connection, List.of(row("new", "ns", T0.plusSeconds(30)), row("b", "ns", T0.plusSeconds(2)),
                row("a", "ns", T0.plusSeconds(1)), row("c", "ns", T0.plusSeconds(3)), row("other", "other", T0)));

        List<OutboxRow> taken = table.take(connection, "ns", T0.plusSeconds(10), "me", T0.plusSeconds(40), LEASE, 2);

        assertEquals(List.of("a", "b"), taken.stream().map(OutboxRow::jobId).toList());
        assertEquals(List.of("c"), table.take(connection, "ns", T0.plusSeconds(10), "me", T0.plusSeconds(40), LEASE, 2)
                .stream().map(OutboxRow::jobId).toList(), "a and b are leased");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void aLeasedRowIsTakenAgainOnlyOnceTheLeaseHasRunOut(String database) throws SQLException {
        Connection connection = created(database);
        table.insert(connection, List.of(row("1", "ns", T0)));
        Instant cutOff = T0.plusSeconds(1);

        assertEquals(1, table.take(connection, "ns", cutOff, "first", T0, LEASE, 10).size());
        assertEquals(0, table.take(connection, "ns", cutOff, "second", T0.plus(LEASE), LEASE, 10).size(),
                "held until the lease's last millisecond");
        assertEquals(1, table.take(connection, "ns", cutOff, "second", T0.plus(LEASE).plusMillis(1), LEASE, 10).size(),
                "a relay that died holding it gives it up when the lease runs out");
    }

    /** Two relays at once, each on its own connection, take every row exactly once between them. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void twoRelaysAtOnceNeverTakeTheSameRow(String database) throws Exception {
        Connection writer = created(database);
        int rows = 2_000;
        List<OutboxRow> all = IntStream.range(0, rows).mapToObj(i -> row("job" + i, "ns", T0.plusMillis(i))).toList();
        table.insert(writer, all);
        List<Connection> relays = List.of(open(database), open(database));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Callable<List<String>>> work = new ArrayList<>();
            for (Connection relay : relays) {
                String owner = "relay" + work.size();
                work.add(() -> {
                    List<String> mine = new ArrayList<>();
                    List<OutboxRow> batch;
                    do {
                        batch = table.take(relay, "ns", T0.plusSeconds(10), owner, T0.plusSeconds(20), LEASE, 50);
                        batch.forEach(row -> mine.add(row.jobId()));
                    } while (!batch.isEmpty());
                    return mine;
                });
            }
            List<String> taken = new ArrayList<>();
            for (Future<List<String>> relay : threads.invokeAll(work)) {
                taken.addAll(relay.get());
            }
            Set<String> distinct = new HashSet<>(taken);
            assertEquals(rows, taken.size(), "taken " + taken.size() + " times in all, " + distinct.size() + " distinct");
            assertEquals(rows, distinct.size());
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void deletesByIdInChunksAndCountsWhatWasThere(String database) throws SQLException {
        Connection connection = created(database);
        List<OutboxRow> rows = IntStream.range(0, 450).mapToObj(i -> row("job" + i, "ns", T0)).toList();
        table.insert(connection, rows);
        List<String> ids = new ArrayList<>(rows.stream().map(OutboxRow::jobId).toList());
        ids.add("never-written");

        assertEquals(450, table.delete(connection, ids));
        assertEquals(new OutboxBacklog(0, Optional.empty()), table.backlog(connection, "ns"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void theBacklogCountsTheNamespacesRowsAndTheOldest(String database) throws SQLException {
        Connection connection = created(database);
        table.insert(connection, List.of(row("1", "ns", T0.plusSeconds(5)), row("2", "ns", T0), row("3", "other", T0.minusSeconds(60))));

        OutboxBacklog backlog = table.backlog(connection, "ns");

        assertEquals(new OutboxBacklog(2, Optional.of(T0)), backlog);
        assertEquals(Duration.ofSeconds(90), backlog.oldestAge(T0.plusSeconds(90)));
        assertEquals(Duration.ZERO, backlog.oldestAge(T0.minusSeconds(1)), "a writer's clock ahead is no negative age");
    }

    /** Inside a transaction that rolls back, the insert is gone with it (as in a JTA transaction's connection). */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void anInsertRollsBackWithItsTransaction(String database) throws SQLException {
        Connection connection = created(database);
        connection.setAutoCommit(false);
        table.insert(connection, List.of(row("1", "ns", T0)));
        connection.rollback();
        connection.setAutoCommit(true);

        assertEquals(0, table.backlog(connection, "ns").rows());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2", "Apache Derby", "MySQL", "Microsoft SQL Server", "Oracle"})
    void theDdlUsesEachDatabasesTextTypeForThePayload(String product) {
        String create = table.ddl(product).get(0);
        String expected = switch (product) {
            case "PostgreSQL" -> "payload TEXT NOT NULL";
            case "MySQL" -> "payload LONGTEXT NOT NULL";
            case "Microsoft SQL Server" -> "payload NVARCHAR(MAX) NOT NULL";
            default -> "payload CLOB NOT NULL";
        };
        assertTrue(create.contains(expected), create);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "derby"})
    void aSecondCreateFailsSoThatTheStoreChecksAgainWhetherAnotherServerCreatedIt(String database) throws SQLException {
        Connection connection = created(database);

        assertThrows(SQLException.class, () -> table.create(connection));
        assertTrue(table.exists(connection));
    }
}
