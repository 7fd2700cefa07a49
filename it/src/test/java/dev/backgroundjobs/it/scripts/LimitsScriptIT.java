package dev.backgroundjobs.it.scripts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rate and concurrency limits of fetch.lua, finish.lua, the worker scripts, publish_limits.lua and
 * limit_state.lua on a real Redis.
 */
class LimitsScriptIT {

    static final String A1 = "{\"class\":\"A\",\"args\":[1],\"id\":\"a1\"}";
    static final String A2 = "{\"class\":\"A\",\"args\":[2],\"id\":\"a2\"}";
    static final String A3 = "{\"class\":\"A\",\"args\":[3],\"id\":\"a3\"}";
    static final String A4 = "{\"class\":\"A\",\"args\":[4],\"id\":\"a4\"}";
    static final String B = "{\"class\":\"B\",\"args\":[],\"id\":\"b\"}";

    final Scripts scripts = new Scripts();

    @AfterEach
    void clean() {
        scripts.close();
    }

    @Test
    void aRateLimitAdmitsExactlyNStartsInAPeriodAndTheNextWaitsUntilTheFirstLeavesTheWindow() {
        limit("A", "3 1000 0 60000 -1 ");
        scripts.redis.rpush(scripts.key("queue:q"), A1, A2, A3, A4);
        long before = redisMillis();

        assertEquals(List.of("q", A1), fetch("w1"));
        assertEquals(List.of("q", A2), fetch("w2"));
        assertEquals(List.of("q", A3), fetch("w3"));
        List<?> fourth = (List<?>) fetch("w4");

        assertEquals("", fourth.get(0));
        long wait = Long.parseLong((String) fourth.get(1));
        assertTrue(wait > 0 && wait <= 1000, "wait " + wait);
        assertEquals(List.of("1:q" + A4), scripts.redis.lrange(scripts.key("bgj:limit:waiting:A"), 0, -1));
        assertEquals(0, scripts.redis.llen(scripts.key("bgj:inflight:w4")));
        assertNull(scripts.redis.get(scripts.key("worker:w4")));
        long firstStart = (long) scripts.redis.zrangeWithScores(scripts.key("bgj:limit:window:A"), 0, 0).get(0).getScore();
        assertTrue(firstStart >= before);
        assertEquals(firstStart + 1000, scripts.redis.zscore(scripts.key("bgj:limit:due"), "A").longValue());
        assertEquals(3, scripts.redis.zcard(scripts.key("bgj:limit:window:A")));
    }

    @Test
    void aLimitedJobIsSetAsideAndTheNextJobOfItsQueueRunsInTheSameFetch() {
        limit("A", "1 60000 0 60000 -1 ");
        scripts.redis.rpush(scripts.key("queue:q"), A1, A2, B);

        assertEquals(List.of("q", A1), fetch("w1"));
        assertEquals(List.of("q", B), fetch("w2"));

        assertEquals(List.of("1:q" + A2), scripts.redis.lrange(scripts.key("bgj:limit:waiting:A"), 0, -1));
        assertEquals(List.of(B), scripts.redis.lrange(scripts.key("bgj:inflight:w2"), 0, -1));
    }

    @Test
    void whenTheWindowFreesTheNextFetchPutsTheWaiterBackAtTheHeadOfItsQueueAndTakesIt() {
        limit("A", "1 1000 0 60000 -1 ");
        scripts.redis.rpush(scripts.key("queue:q"), A1, A2, A3);
        fetch("w1");
        assertEquals("", ((List<?>) fetch("w2")).get(0));
        assertEquals(2, scripts.redis.llen(scripts.key("bgj:limit:waiting:A")));
        // A second later, by Redis's clock: the start leaves the window and the bucket is due.
        long past = redisMillis() - 1001;
        String start = scripts.redis.zrange(scripts.key("bgj:limit:window:A"), 0, 0).get(0);
        scripts.redis.zadd(scripts.key("bgj:limit:window:A"), past, start);
        scripts.redis.zadd(scripts.key("bgj:limit:due"), past + 1000, "A");

        assertEquals(List.of("q", A2), fetch("w2"));

        // Only one start fits the window: the other waiter stays, due a period after this start.
        assertEquals(List.of("1:q" + A3), scripts.redis.lrange(scripts.key("bgj:limit:waiting:A"), 0, -1));
        assertEquals(0, scripts.redis.llen(scripts.key("queue:q")));
        assertEquals(1, scripts.redis.zcard(scripts.key("bgj:limit:window:A")));
        assertTrue(scripts.redis.zscore(scripts.key("bgj:limit:due"), "A") > redisMillis());
    }

    @Test
    void aConcurrencyLimitHoldsTheThirdRunAndTheEndOfARunLetsItGoOnce() {
        limit("A", "0 0 2 60000 -1 ");
        scripts.redis.rpush(scripts.key("queue:q"), A1, A2, A3);
        fetch("w1");
        fetch("w2");
        assertEquals("", ((List<?>) fetch("w3")).get(0));
        assertEquals(List.of("w1", "w2"), scripts.redis.zrange(scripts.key("bgj:limit:leases:A"), 0, -1));

        assertEquals(1L, finish("w1", A1));

        assertEquals(List.of(A3), scripts.redis.lrange(scripts.key("queue:q"), 0, -1));
        assertEquals(0, scripts.redis.llen(scripts.key("bgj:limit:waiting:A")));
        assertEquals(List.of("1"), scripts.redis.lrange(scripts.key("bgj:wake:q"), 0, -1));
        assertNull(scripts.redis.get(scripts.key("bgj:limit:held:w1")));
        assertNull(scripts.redis.zscore(scripts.key("bgj:limit:due"), "A"));
        assertEquals(0L, finish("w1", A1));
        assertEquals(List.of("q", A3), fetch("w3"));
        assertEquals(List.of("w2", "w3"), scripts.redis.zrange(scripts.key("bgj:limit:leases:A"), 0, -1));
    }

    @Test
    void aLeaseThatLapsedFreesItsSlotAndTheLateEndOfItsRunFreesNothingMore() {
        limit("A", "0 0 1 60000 -1 ");
        scripts.redis.rpush(scripts.key("queue:q"), A1, A2, A3);
        fetch("w1");
        assertEquals("", ((List<?>) fetch("w2")).get(0));
        // w1's server died: its lease was not renewed and has lapsed by Redis's clock.
        scripts.redis.zadd(scripts.key("bgj:limit:leases:A"), redisMillis() - 1, "w1");
        scripts.redis.zadd(scripts.key("bgj:limit:due"), 0, "A");

        assertEquals(List.of("q", A2), fetch("w2"));
        finish("w1", A1);

        assertEquals(List.of("w2"), scripts.redis.zrange(scripts.key("bgj:limit:leases:A"), 0, -1));
        assertEquals(List.of("1:q" + A3), scripts.redis.lrange(scripts.key("bgj:limit:waiting:A"), 0, -1));
        assertEquals(0, scripts.redis.llen(scripts.key("queue:q")));
    }

    @Test
    void aWorkersHeartbeatRenewsItsLeaseAndRemovingTheWorkerFreesItsSlotAndLetsTheWaiterGo() {
        limit("A", "0 0 1 60000 -1 ");
        scripts.redis.rpush(scripts.key("queue:q"), A1, A2);
        scripts.run("register_worker.lua", scripts.keys.forWorkers(List.of("h:1-pool-1:q")), "h:1-pool-1:q", "h");
        fetch("h:1-pool-1:q");
        fetch("w2");
        double leased = scripts.redis.zscore(scripts.key("bgj:limit:leases:A"), "h:1-pool-1:q");
        scripts.redis.zadd(scripts.key("bgj:limit:leases:A"), leased - 30_000, "h:1-pool-1:q");

        scripts.run("prune_workers.lua", scripts.keys.forWorkers(List.of("h:1-pool-1:q")), 60, 300, "h:1-pool-1:q");
        assertTrue(scripts.redis.zscore(scripts.key("bgj:limit:leases:A"), "h:1-pool-1:q") >= leased);

        assertEquals(1L, scripts.run("unregister_worker.lua", scripts.keys.forWorkers(List.of("h:1-pool-1:q")), "h:1-pool-1:q"));

        assertEquals(0, scripts.redis.zcard(scripts.key("bgj:limit:leases:A")));
        assertEquals(List.of(A1, A2), scripts.redis.lrange(scripts.key("queue:q"), 0, -1));
        assertEquals(0, scripts.redis.llen(scripts.key("bgj:limit:waiting:A")));
    }

    @Test
    void aLimitPerKeyCountsEachValueOfTheArgumentFieldApart() {
        limit("A", "1 60000 0 60000 0 tenant");
        String x1 = "{\"class\":\"A\",\"args\":[{\"tenant\":\"x\"}],\"id\":\"x1\"}";
        String y1 = "{\"class\":\"A\",\"args\":[{\"tenant\":\"y\"}],\"id\":\"y1\"}";
        String x2 = "{\"class\":\"A\",\"args\":[{\"tenant\":\"x\"}],\"id\":\"x2\"}";
        scripts.redis.rpush(scripts.key("queue:q"), x1, x2, y1);

        assertEquals(List.of("q", x1), fetch("w1"));
        assertEquals(List.of("q", y1), fetch("w2"));

        assertEquals(List.of("1:q" + x2), scripts.redis.lrange(scripts.key("bgj:limit:waiting:A\nx"), 0, -1));
        List<?> state = (List<?>) scripts.run("limit_state.lua", scripts.keys.forLimitState(), 5);
        assertEquals(List.of(List.of("A", "1 60000 0 60000 0 tenant", "x", 0L, 1L, 1L,
                ((List<?>) state.get(0)).get(6), x2)), state);
    }

    @Test
    void anIdleWorkerIsToldToWakeWhenTheFirstBucketIsDueAndOnlyOneWorkerIs() {
        limit("A", "1 1000 0 60000 -1 ");
        scripts.redis.rpush(scripts.key("queue:q"), A1, A2);
        fetch("w1");

        List<?> deferring = (List<?>) fetch("w2");
        Object other = fetch("w3");

        assertTrue(Long.parseLong((String) deferring.get(1)) > 0);
        assertNull(other);
    }

    @Test
    void publishingWritesTheLimitsAndWithdrawsThoseOfJobsWithoutAndWithNoLimitsFetchIsAsBefore() {
        scripts.run("publish_limits.lua", scripts.keys.forPublishLimits(), 1, "A", "0 0 1 60000 -1 ", "B");
        assertEquals("0 0 1 60000 -1 ", scripts.redis.hget(scripts.key("bgj:limits"), "A"));
        scripts.redis.hset(scripts.key("bgj:limits"), "B", "0 0 1 60000 -1 ");

        scripts.run("publish_limits.lua", scripts.keys.forPublishLimits(), 0, "A", "B");

        assertFalse(scripts.redis.exists(scripts.key("bgj:limits")));
        scripts.redis.rpush(scripts.key("queue:q"), A1);
        fetch("w1");
        assertEquals(List.of("q", A2), fetchAfterPush("w2", A2));
        assertEquals(0, scripts.redis.zcard(scripts.key("bgj:limit:leases:A")));
    }

    @Test
    void aJobOfAPausedNameBehindALimitedJobIsSetAsideAndNotRun() {
        limit("A", "1 60000 0 60000 -1 ");
        scripts.run("pause.lua", scripts.keys.forPause(false), "B", "alice");
        scripts.redis.rpush(scripts.key("queue:q"), A1, A2, B);
        fetch("w1");

        List<?> reply = (List<?>) fetch("w2");

        assertEquals("", reply.get(0));
        assertEquals(List.of("1:q" + A2), scripts.redis.lrange(scripts.key("bgj:limit:waiting:A"), 0, -1));
        assertEquals(List.of("q " + B), scripts.redis.lrange(scripts.key("bgj:held:B"), 0, -1));
        assertEquals(0, scripts.redis.llen(scripts.key("bgj:inflight:w2")));
    }

    @Test
    void aFetchParksTwentyLimitedJobsAtMostAndAsksToBeCalledAgain() {
        limit("A", "1 60000 0 60000 -1 ");
        for (int i = 0; i < 30; i++) {
            scripts.redis.rpush(scripts.key("queue:q"), "{\"class\":\"A\",\"args\":[" + i + "]}");
        }
        fetch("w1");

        assertEquals(List.of("", "+"), fetch("w2"));
        assertEquals(20, scripts.redis.llen(scripts.key("bgj:limit:waiting:A")));
        assertEquals(9, scripts.redis.llen(scripts.key("queue:q")));
        assertEquals("", ((List<?>) fetch("w2")).get(0));
        assertEquals(29, scripts.redis.llen(scripts.key("bgj:limit:waiting:A")));
    }

    void limit(String job, String spec) {
        scripts.redis.hset(scripts.key("bgj:limits"), job, spec);
    }

    Object fetchAfterPush(String worker, String payload) {
        scripts.redis.rpush(scripts.key("queue:q"), payload);
        return fetch(worker);
    }

    long redisMillis() {
        List<?> time = (List<?>) scripts.redis.eval("return redis.call('TIME')");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    Object fetch(String worker) {
        return scripts.fetch(worker, "2026-12-01T00:00:00Z", "{\"status\":2}", 60, "0", "q");
    }

    Object finish(String worker, String payload) {
        return scripts.finish(worker, payload, "", "{\"status\":4}", 60, "succeeded",
                29_000_000, "");
    }
}
