package dev.backgroundjobs.it.outbox;

import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.RedisProcess;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two real Liberty servers relay one outbox: the build's server and a copy of it (its own directory and
 * ports, {@link LibertyServer#copy}), sharing the build's Redis and the database. While Redis is stopped,
 * each server commits half of the orders, so every job waits as a row in the shared outbox table (both
 * fast paths fail); Redis comes back once the rows are older than relay-after, and both relays, running
 * every heartbeat (2 s here), push them. Each job runs exactly once, and the BGJ0111I lines of the two
 * servers' messages.log add up to the row count, with 0 "already in Redis": each row was pushed by one
 * server.
 *
 * <p>Databases: PostgreSQL when the build runs one; H2 through a data source both servers open in H2's
 * AUTO_SERVER mode (jdbc/outboxShared, a file of its own, defined for this test by a configDropins
 * override), since the build's jdbc/demo is a file only one process can open. Runs in the failsafe
 * "crash" execution: it starts and stops both servers itself.
 */
class OutboxTwoServersIT {

    static final int ROWS = 400;
    static final String BATCH = "pair";
    static final Duration RELAY_AFTER = Duration.ofSeconds(10);
    static final Duration PATIENCE = Duration.ofMinutes(3);
    static final String SHARED_H2 = "jdbc/outboxShared";
    static final String SHARED_H2_OVERRIDE = "outbox-shared-h2.xml";

    @Test
    void eachRowIsPushedByOneOfTheTwoServers() throws Exception {
        LibertyServer first = LibertyServer.build();
        List<OutboxTarget> targets = new ArrayList<>();
        targets.add(OutboxTarget.of("pair", "h2", SHARED_H2));
        if (OutboxTarget.postgresAvailable()) {
            targets.add(OutboxTarget.postgres("pair"));
        }
        Path sharedH2 = first.wlp.getParent().resolve("outbox-shared-h2").resolve("pair");
        first.override(SHARED_H2_OVERRIDE, "<server>\n"
                + "  <dataSource id=\"outboxSharedDataSource\" jndiName=\"" + SHARED_H2 + "\" type=\"javax.sql.XADataSource\">\n"
                + "    <jdbcDriver libraryRef=\"h2Library\" javax.sql.XADataSource=\"org.h2.jdbcx.JdbcDataSource\"/>\n"
                + "    <properties URL=\"jdbc:h2:" + sharedH2 + ";AUTO_SERVER=TRUE;WRITE_DELAY=0\" user=\"sa\" password=\"sa\"/>\n"
                + "    <connectionManager maxPoolSize=\"20\" connectionTimeout=\"10s\"/>\n"
                + "  </dataSource>\n</server>\n");
        LibertyServer second = first.copy(first.name() + "2");
        Path secondLogs = first.wlp.getParent().getParent().resolve("outbox-two-servers").resolve(second.name() + "-logs");
        List<OutboxClient> onFirst = new ArrayList<>();
        List<OutboxClient> onSecond = new ArrayList<>();
        try (RedisClient redis = TestRedis.connect()) {
            for (OutboxTarget target : targets) {
                redis.keys(target.namespace() + ":*").forEach(redis::del);
                String[] config = {"background-jobs.heartbeat-interval=2s",
                        "background-jobs.outbox.relay-after=" + RELAY_AFTER.toSeconds() + "s"};
                first.deploy(target.deployment(config));
                second.deploy(target.deployment(config));
                onFirst.add(new OutboxClient(target, first.httpPort));
                onSecond.add(new OutboxClient(target, second.httpPort));
            }
            boolean secondStarted = false;
            try {
                first.start();
                second.start();
                secondStarted = true;
                for (int i = 0; i < targets.size(); i++) {
                    onFirst.get(i).awaitReady(PATIENCE);
                    onSecond.get(i).awaitReady(PATIENCE);
                    onFirst.get(i).reset(BATCH);
                }
                RelayLog firstLog = RelayLog.from(first.dir);
                RelayLog secondLog = RelayLog.from(second.dir);
                long start = System.nanoTime();
                RedisProcess.stop();
                try {
                    for (int i = 0; i < targets.size(); i++) {
                        assertEquals(ROWS / 2, onFirst.get(i).commit(BATCH, 0, ROWS / 2, 100));
                        assertEquals(ROWS / 2, onSecond.get(i).commit(BATCH, ROWS / 2, ROWS / 2, 100));
                        JsonObject state = onSecond.get(i).state(BATCH);
                        assertEquals(ROWS, state.getInt("orders"), targets.get(i).database() + ": " + state);
                        assertEquals(ROWS, state.getInt("outboxOfOrders"), targets.get(i).database() + ", while Redis is down: " + state);
                    }
                    long left = RELAY_AFTER.plusSeconds(2).toMillis() - (System.nanoTime() - start) / 1_000_000;
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                } finally {
                    RedisProcess.start();
                }
                long back = System.nanoTime();
                // A client opened after the outage: the pooled connections of one opened before it are broken.
                try (RedisClient after = TestRedis.connect()) {
                    for (OutboxClient app : onFirst) {
                        Await.until(app.target.database() + ": all " + ROWS + " jobs ran", PATIENCE,
                                () -> after.hlen(app.target.runsKey()) >= ROWS);
                        Await.until(app.target.database() + ": the outbox table is empty", Duration.ofSeconds(60),
                                () -> app.state(BATCH).getInt("outbox") == 0);
                    }
                    long ranMillis = (System.nanoTime() - back) / 1_000_000;
                    Thread.sleep(6_000); // a late second push would show as a second run
                    for (OutboxClient app : onFirst) {
                        OutboxTarget target = app.target;
                        Runs runs = Runs.of(after, target);
                        long[] byFirst = firstLog.sums(target.table());
                        long[] bySecond = secondLog.sums(target.table());
                        System.out.printf(Locale.ROOT, "outbox two servers on %s: %d rows, all ran %d ms after Redis came back:"
                                        + " %d orders ran, %d runs, %d duplicates; %s relayed %d (%d already in Redis, %d lines),"
                                        + " %s relayed %d (%d already in Redis, %d lines)%n", target.database(), ROWS, ranMillis,
                                runs.distinct(), runs.total(), runs.twice(), first.name(), byFirst[0], byFirst[1], byFirst[2],
                                second.name(), bySecond[0], bySecond[1], bySecond[2]);
                        assertEquals(ROWS, runs.distinct(), target.database() + ": every job ran");
                        assertEquals(0, runs.twice(), target.database() + ": duplicates");
                        assertEquals(ROWS, byFirst[0] + bySecond[0], target.database() + ": jobs the two relays sent (BGJ0111I)");
                        assertEquals(0, byFirst[1] + bySecond[1], target.database() + ": rows a relay found already in Redis");
                    }
                }
            } finally {
                if (secondStarted) {
                    second.stop();
                }
                first.stop();
                for (OutboxTarget target : targets) {
                    first.undeploy(target.app());
                }
                first.removeOverride(SHARED_H2_OVERRIDE);
                second.keepLogs(secondLogs);
                second.delete();
            }
        }
        // The build checks the W and E lines of its own server's log; the copy's are checked here, the same way.
        Path liberty = Path.of(System.getProperty("basedir"), "src", "test", "liberty");
        assertEquals(0, LibertyServer.run(30, "bash", liberty.resolve("check-messages.sh").toString(), secondLogs.toString(),
                liberty.resolve("allowed-messages.txt").toString()), "W/E lines of " + second.name() + " (kept in " + secondLogs + ")");
    }
}
