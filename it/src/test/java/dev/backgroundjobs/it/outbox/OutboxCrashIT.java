package dev.backgroundjobs.it.outbox;

import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * kill -9 of Liberty in the window after the commit and before the module's push: 50 transactions per
 * database each commit an order and its job and are then held by a synchronization of the test
 * application ({@link CommitWindow}, registered before the first enqueue). At kill time the test checks
 * that the window was hit (the orders and their outbox rows are committed, no job of them is in Redis:
 * queue empty, no status key, nothing ran), kills the server, starts it again and waits: every committed
 * job runs, and none twice. The rows are relayed after {@code relay-after} (30 s here, so the relay of
 * the server being killed cannot push them during the checks before the kill).
 *
 * <p>No Arquillian: like crash/ServerCrashIT it starts and kills the build's server itself, in the
 * failsafe "crash" execution, after the Arquillian tests are done with the server. H2 always; PostgreSQL
 * too when the build runs one (both in one kill).
 */
class OutboxCrashIT {

    static final int HELD = 50;
    static final int POOL = 80;
    static final String POOL_OVERRIDE = "outbox-crash-pools.xml";
    static final String BATCH = "crash";
    static final Duration PATIENCE = Duration.ofMinutes(3);

    /** Deletes the test's keys of {@code target} (runs, queue, job status), not the module's others (workers). */
    static void forgetJobs(RedisClient redis, OutboxTarget target) {
        redis.del(target.runsKey(), target.queueKey());
        redis.keys(target.statusKeys()).forEach(redis::del);
    }

    @Test
    void everyJobCommittedBeforeTheKillRunsOnceAfterTheRestart() throws Exception {
        LibertyServer server = LibertyServer.build();
        List<OutboxTarget> targets = OutboxTarget.all("crash");
        List<OutboxClient> apps = new ArrayList<>();
        // A held transaction keeps its connection until its synchronizations are done: pools of 20 would
        // hold 19 at most and starve the rest, so the pools are larger for this run.
        StringBuilder pools = new StringBuilder("<server>\n");
        // (H2's commits survive the kill because server.xml sets WRITE_DELAY=0: see its comment.)
        pools.append("  <dataSource id=\"demoDataSource\"><connectionManager maxPoolSize=\"" + POOL + "\"/></dataSource>\n");
        if (OutboxTarget.postgresAvailable()) {
            pools.append("  <dataSource id=\"outboxPostgres\"><connectionManager maxPoolSize=\"" + POOL + "\"/></dataSource>\n");
        }
        server.override(POOL_OVERRIDE, pools.append("</server>\n").toString());
        try (RedisClient redis = TestRedis.connect()) {
            for (OutboxTarget target : targets) {
                redis.keys(target.namespace() + ":*").forEach(redis::del);
                server.deploy(target.deployment("background-jobs.outbox.relay-after=30s"));
                apps.add(new OutboxClient(target, server.httpPort));
            }
            boolean killed = false;
            try {
                server.start();
                for (OutboxClient app : apps) {
                    app.awaitReady(PATIENCE);
                    app.reset(BATCH);
                    // Rows an earlier, failed run left may have been relayed at this start: forget their runs.
                    forgetJobs(redis, app.target);
                }
                long holdStart = System.nanoTime();
                for (OutboxClient app : apps) {
                    JsonObject held = app.hold(BATCH, 0, HELD);
                    assertEquals(HELD, held.getInt("committed"), app.target.database() + ": committed and held: " + held);
                    assertEquals(0, held.getInt("failed"), held.toString());
                }
                for (OutboxClient app : apps) {
                    OutboxTarget target = app.target;
                    JsonObject state = app.state(BATCH);
                    String where = target.database() + ", in the window after the commit: ";
                    assertEquals(HELD, state.getInt("orders"), where + "the orders are committed " + state);
                    assertEquals(HELD, state.getInt("outboxOfOrders"), where + "their jobs are in the outbox table " + state);
                    assertEquals(0, redis.llen(target.queueKey()), where + "no job is on the queue yet");
                    assertEquals(0, redis.keys(target.statusKeys()).size(), where + "no job has a status yet");
                    assertEquals(0, redis.hlen(target.runsKey()), where + "no job ran yet");
                }
                long heldMillis = (System.nanoTime() - holdStart) / 1_000_000;
                server.kill9();
                killed = true;
                long killedAt = System.nanoTime();
                server.start();
                for (OutboxClient app : apps) {
                    app.awaitReady(PATIENCE);
                }
                long restartMillis = (System.nanoTime() - killedAt) / 1_000_000;
                for (OutboxClient app : apps) {
                    JsonObject state = app.state(BATCH);
                    assertEquals(HELD, state.getInt("orders"), app.target.database()
                            + ": the orders committed before the kill are still there after the restart " + state);
                }
                for (OutboxClient app : apps) {
                    Await.until(app.target.database() + ": all " + HELD + " committed jobs ran after the restart", PATIENCE,
                            () -> redis.hlen(app.target.runsKey()) >= HELD);
                }
                long ranMillis = (System.nanoTime() - killedAt) / 1_000_000;
                for (OutboxClient app : apps) {
                    Await.until(app.target.database() + ": the outbox table is empty", Duration.ofSeconds(60),
                            () -> app.state(BATCH).getInt("outbox") == 0);
                }
                Thread.sleep(6_000); // a late second push would show as a second run
                for (OutboxClient app : apps) {
                    Runs runs = Runs.of(redis, app.target);
                    System.out.printf(Locale.ROOT, "outbox crash on %s: %d transactions committed and held %d ms before"
                                    + " kill -9 (window checked), restart %d ms, all ran %d ms after the kill: %d orders"
                                    + " ran, %d runs, %d duplicates%n", app.target.database(), HELD, heldMillis, restartMillis,
                            ranMillis, runs.distinct(), runs.total(), runs.twice());
                    assertEquals(HELD, runs.distinct(), app.target.database() + ": every committed job ran");
                    assertEquals(0, runs.twice(), app.target.database() + ": duplicates");
                    assertEquals(HELD, runs.total());
                    assertEquals(0, redis.llen(app.target.queueKey()));
                }
            } finally {
                if (!killed) {
                    for (OutboxClient app : apps) {
                        try {
                            app.release();
                        } catch (Exception | AssertionError notUp) {
                            // the server did not come up: nothing is held
                        }
                    }
                }
                server.stop();
                for (OutboxTarget target : targets) {
                    server.undeploy(target.app());
                }
                server.removeOverride(POOL_OVERRIDE);
            }
        }
    }
}
