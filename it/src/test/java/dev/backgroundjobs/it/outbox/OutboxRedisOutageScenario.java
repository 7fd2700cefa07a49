package dev.backgroundjobs.it.outbox;

import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.RedisProcess;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outage scenario, on one database (the subclasses): with the build's Redis stopped, 1,000
 * transactions each commit an order and its job and 1,000 roll back theirs; Redis stays down about a
 * minute ({@code -Doutbox.outage=60s}), then comes back. Every committed job runs exactly once (pushed
 * by the relay), no rolled-back job runs, the outbox table is empty afterwards and the readiness data
 * {@code waiting} is back to 0.
 */
abstract class OutboxRedisOutageScenario {

    static final int COMMITTED = 1_000;
    static final int ROLLED_BACK = 1_000;
    static final long ROLLED_BACK_FROM = 1_000_000;
    static final int CHUNK = 100;
    static final String BATCH = "outage";
    static final Duration PATIENCE = Duration.ofMinutes(3);

    abstract OutboxTarget target();

    @Test
    void everyCommittedJobRunsOnceAfterTheOutageAndNoRolledBackJobRuns() throws Exception {
        OutboxTarget target = target();
        OutboxClient app = new OutboxClient(target);
        Duration outage = outage();
        try (RedisClient redis = TestRedis.connect()) {
            redis.keys(target.namespace() + ":*").forEach(redis::del);
        }
        app.awaitReady(Duration.ofSeconds(60));
        app.reset(BATCH);
        RelayLog relays = RelayLog.from(Path.of(System.getProperty("liberty.server.dir")));
        long start = System.nanoTime();
        long committedMillis;
        long rolledBackMillis;
        JsonObject during;
        JsonObject healthDuring;
        RedisProcess.stop();
        try {
            assertEquals(COMMITTED, app.commit(BATCH, 0, COMMITTED, CHUNK));
            committedMillis = millisSince(start);
            assertEquals(ROLLED_BACK, app.rollback(BATCH, ROLLED_BACK_FROM, ROLLED_BACK, CHUNK));
            rolledBackMillis = millisSince(start) - committedMillis;

            during = app.state(BATCH);
            assertEquals(COMMITTED, during.getInt("orders"), "committed orders: " + during);
            assertEquals(0, during.getInt("ordersWithoutJob"), during.toString());
            assertEquals(COMMITTED, during.getInt("outbox"), "one outbox row per committed job, none of a rollback: " + during);
            assertEquals(COMMITTED, during.getInt("outboxOfOrders"), "each row is a committed order's job: " + during);
            healthDuring = app.outboxHealth();
            assertEquals(COMMITTED, healthDuring.getInt("waiting"), healthDuring.toString());

            long left = outage.toMillis() - millisSince(start);
            if (left > 0) {
                Thread.sleep(left);
            }
        } finally {
            RedisProcess.start();
        }
        long down = millisSince(start);

        // A client opened after the outage: the pooled connections of one opened before it are broken.
        try (RedisClient redis = TestRedis.connect()) {
            Await.until("all " + COMMITTED + " committed jobs ran", PATIENCE,
                    () -> Runs.of(redis, target).distinct() >= COMMITTED);
            long ranMillis = millisSince(start) - down;
            Await.until("the outbox table is empty", Duration.ofSeconds(60), () -> app.state(BATCH).getInt("outbox") == 0);
            Await.until("the readiness data waiting is 0", Duration.ofSeconds(60),
                    () -> app.outboxHealth().getInt("waiting") == 0);
            // Time for a late second push (a relay pass, a retried send) to show up as a second run.
            Thread.sleep(6_000);

            Runs runs = Runs.of(redis, target, ROLLED_BACK_FROM, ROLLED_BACK_FROM + ROLLED_BACK);
            JsonObject after = app.state(BATCH);
            long[] relayed = relays.sums(target.table());
            System.out.printf(Locale.ROOT, "outbox outage on %s: %d committed in %d ms, %d rolled back in %d ms, Redis down"
                            + " %d ms, outbox %s, health %s during; all ran %d ms after Redis came back; %d orders ran"
                            + " (%d runs, %d more than once), %d rolled-back ran; relay lines: %d, sent %d, already in"
                            + " Redis %d; BGJ0110W lines %d; state after %s%n",
                    target.database(), COMMITTED, committedMillis, ROLLED_BACK, rolledBackMillis, down, during,
                    healthDuring, ranMillis, runs.distinct(), runs.total(), runs.twice(), runs.forbidden(), relayed[2],
                    relayed[0], relayed[1], relays.lines("BGJ0110W"), after);
            assertEquals(COMMITTED, runs.distinct(), "every committed job ran");
            assertEquals(0, runs.twice(), "no committed job ran twice");
            assertEquals(COMMITTED, runs.total());
            assertEquals(0, runs.forbidden(), "no rolled-back job ran");
            assertEquals(COMMITTED, after.getInt("orders"));
            assertEquals(0, after.getInt("outbox"));
            assertEquals(0, redis.llen(target.queueKey()));
            assertTrue(down >= outage.toMillis());
        }
    }

    /** {@code -Doutbox.outage}: 60s by default; "90s", "2m", "500ms" or ISO-8601 ("PT1M"). */
    static Duration outage() {
        String value = System.getProperty("outbox.outage", "60s").trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("pt")) {
            return Duration.parse(value);
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> throw new IllegalArgumentException("outbox.outage: " + value);
        };
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
