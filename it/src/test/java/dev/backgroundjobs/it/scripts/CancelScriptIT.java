package dev.backgroundjobs.it.scripts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancellation and expiry in the scripts, on a real Redis: cancel.lua finding a job where it is,
 * fetch.lua discarding cancelled and expired jobs, and finish.lua's cancelled outcome.
 */
class CancelScriptIT {

    final Scripts scripts = new Scripts();

    @AfterEach
    void clean() {
        scripts.close();
    }

    // fetch.lua

    @Test
    void anExpiredJobIsDiscardedAtFetchAndTheNextOneHandedOutByteForByte() {
        String expired = job("e1", ",\"expires_at\":\"" + (redisMillis() - 1_000) + "\"");
        // Spacing and an escaped slash as PHP writes them: handed out exactly as stored.
        String next = "{\"class\":\"A\", \"args\":[\"a\\/b\"], \"id\":\"n1\"}";
        scripts.redis.set(scripts.key("job:e1:status"), "{\"status\":1,\"state\":\"queued\"}");
        scripts.redis.rpush(scripts.key("queue:q"), expired, next);

        Object reply = fetch("w1", "q");

        assertEquals(List.of("q", next), reply);
        assertEquals(List.of(next), scripts.redis.lrange(scripts.key("bgj:inflight:w1"), 0, -1));
        assertEquals(0, scripts.redis.llen(scripts.key("queue:q")));
        assertTrue(scripts.redis.get(scripts.key("job:e1:status")).contains("\"state\":\"expired\""));
        assertTrue(scripts.redis.get(scripts.key("job:e1:status")).contains("\"status\":3"));
        assertEquals("1", scripts.redis.get(scripts.key("bgj:stat:expired")));
    }

    @Test
    void anUntrackedExpiredJobLeavesNoStatusOnlyItsCount() {
        scripts.redis.rpush(scripts.key("queue:q"), job("e1", ",\"expires_at\":\"" + (redisMillis() - 1) + "\""));

        assertNull(fetch("w1", "q"));

        assertFalse(scripts.redis.exists(scripts.key("job:e1:status")));
        assertEquals(0, scripts.redis.llen(scripts.key("bgj:inflight:w1")));
        assertEquals("1", scripts.redis.get(scripts.key("bgj:stat:expired")));
    }

    @Test
    void aJobBeforeItsDeadlineAndARetryAfterItAreHandedOut() {
        String notYet = job("f1", ",\"expires_at\":\"" + (redisMillis() + 60_000) + "\"");
        // A retry has started once: the deadline is about starting, so it runs.
        String retry = job("r1", ",\"expires_at\":\"" + (redisMillis() - 60_000) + "\",\"attempts\":1");
        scripts.redis.rpush(scripts.key("queue:a"), notYet);
        scripts.redis.rpush(scripts.key("queue:b"), retry);

        assertEquals(List.of("a", notYet), fetch("w1", "a"));
        assertEquals(List.of("b", retry), fetch("w2", "b"));
        assertNull(scripts.redis.get(scripts.key("bgj:stat:expired")));
    }

    @Test
    void aMarkedJobIsDiscardedAtFetchItsMarkGoneAndItsUniqueKeyFreed() {
        String unique = scripts.key("bgj:unique:A:digest");
        scripts.redis.set(unique, "c1");
        scripts.redis.set(scripts.key("bgj:cancel:c1"), "1");
        scripts.redis.rpush(scripts.key("queue:q"), job("c1", ",\"unique_key\":\"" + unique + "\",\"unique_until\":\"finished\""));

        assertNull(fetch("w1", "q"));

        assertFalse(scripts.redis.exists(scripts.key("bgj:cancel:c1")));
        assertFalse(scripts.redis.exists(unique));
        assertEquals(0, scripts.redis.llen(scripts.key("bgj:inflight:w1")));
        assertNull(scripts.redis.get(scripts.key("worker:w1")));
        assertEquals("1", scripts.redis.get(scripts.key("bgj:stat:cancelled")));
    }

    // cancel.lua

    @Test
    void aRunningJobIsMarkedAndNothingElseWritten() {
        scripts.redis.sadd(scripts.key("workers"), "w1", "w2");
        scripts.redis.set(scripts.key("worker:w2"), "{\"queue\":\"q\",\"run_at\":\"x\",\"payload\":" + job("r1", "") + "}");
        // Contains the id as text, but is not that job: not a match.
        scripts.redis.set(scripts.key("worker:w1"), "{\"queue\":\"q\",\"run_at\":\"x\",\"payload\":" + job("other", ",\"note\":\"r1\"") + "}");

        assertEquals("running", cancel("r1", 10_000));

        assertTrue(scripts.redis.ttl(scripts.key("bgj:cancel:r1")) > 0);
        assertFalse(scripts.redis.exists(scripts.key("job:r1:status")), "the run's end writes it");
    }

    @Test
    void aQueuedUntrackedJobIsRemovedAndTheOthersKeptExactly() {
        String before = "{\"class\":\"A\",\"args\":[\"c2\"],\"id\":\"x\"}";
        String after = "{\"class\":\"B\", \"args\":[1],\"id\":\"y\"}";
        scripts.redis.sadd(scripts.key("queues"), "q");
        scripts.redis.rpush(scripts.key("queue:q"), before, job("c2", ""), after);

        assertEquals("removed", cancel("c2", 10_000));

        assertEquals(List.of(before, after), scripts.redis.lrange(scripts.key("queue:q"), 0, -1));
        String status = scripts.redis.get(scripts.key("job:c2:status"));
        assertTrue(status.contains("\"state\":\"cancelled\""), status);
        assertTrue(scripts.redis.ttl(scripts.key("job:c2:status")) > 0);
        assertEquals("1", scripts.redis.get(scripts.key("bgj:stat:cancelled")));
        assertFalse(scripts.redis.exists(scripts.key("bgj:cancel:c2")), "removed: nothing left to mark");
    }

    @Test
    void aJobHeldAsideByAPausedNameIsRemovedFromItsHoldingListAndTheOthersKeptExactly() {
        String other = "{\"class\":\"A\", \"args\":[\"a\\/b\"],\"id\":\"h1\"}";
        scripts.redis.hset(scripts.key("bgj:pause:jobs"), "A", "{\"by\":\"admin\"}");
        scripts.redis.rpush(scripts.key("bgj:held:A"), "q " + other, "q " + job("h2", ""));

        assertEquals("removed", cancel("h2", 10_000));

        assertEquals(List.of("q " + other), scripts.redis.lrange(scripts.key("bgj:held:A"), 0, -1));
        assertTrue(scripts.redis.get(scripts.key("job:h2:status")).contains("\"state\":\"cancelled\""));
        assertEquals("1", scripts.redis.get(scripts.key("bgj:stat:cancelled")));
    }

    @Test
    void aTrackedJobBeyondTheScanIsMarkedAndDiscardedWhenTaken() {
        scripts.redis.sadd(scripts.key("queues"), "q");
        scripts.redis.rpush(scripts.key("queue:q"), job("a", ""), job("b", ""), job("deep", ""));
        scripts.redis.set(scripts.key("job:deep:status"), "{\"status\":1,\"state\":\"queued\"}");

        assertEquals("marked", cancel("deep", 2));

        assertEquals(3, scripts.redis.llen(scripts.key("queue:q")));
        assertTrue(scripts.redis.get(scripts.key("job:deep:status")).contains("\"state\":\"cancelled\""));
        assertEquals(List.of("q", job("a", "")), fetch("w1", "q"));
        scripts.redis.del(scripts.key("bgj:inflight:w1"));
        assertEquals(List.of("q", job("b", "")), fetch("w1", "q"));
        scripts.redis.del(scripts.key("bgj:inflight:w1"));
        assertNull(fetch("w1", "q"));
        assertEquals(0, scripts.redis.llen(scripts.key("queue:q")));
        assertTrue(scripts.redis.get(scripts.key("job:deep:status")).contains("\"state\":\"cancelled\""));
    }

    @Test
    void anUnknownOrFinishedJobIsNotFoundAndNothingIsWritten() {
        scripts.redis.sadd(scripts.key("queues"), "q");
        scripts.redis.rpush(scripts.key("queue:q"), job("a", ""));
        scripts.redis.set(scripts.key("job:done:status"), "{\"status\":4,\"state\":\"succeeded\"}");
        Map<String, String> before = NamespaceDump.of(scripts);

        assertEquals("none", cancel("done", 10_000));
        assertEquals("none", cancel("unknown", 10_000));

        assertEquals(before, NamespaceDump.of(scripts));
    }

    // finish.lua

    @Test
    void aCancelledRunIsProcessedNotFailedItsStatusWrittenAndItsMarkGone() {
        String payload = job("j1", "");
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), payload);
        scripts.redis.set(scripts.key("bgj:cancel:j1"), "1");

        assertEquals(1L, scripts.finish("w1", payload, scripts.key("job:j1:status"),
                "{\"status\":3,\"state\":\"cancelled\"}", 60, "cancelled", 29_000_000, "", scripts.key("bgj:cancel:j1")));

        assertEquals("1", scripts.redis.get(scripts.key("stat:processed")));
        assertNull(scripts.redis.get(scripts.key("stat:failed")));
        assertEquals("1", scripts.redis.get(scripts.key("bgj:stat:cancelled")));
        assertEquals(0, scripts.redis.llen(scripts.key("failed")));
        assertEquals(0, scripts.redis.zcard(scripts.key("bgj:retry")));
        // Untracked (no status key before), yet the canceller finds CANCELLED.
        assertEquals("{\"status\":3,\"state\":\"cancelled\"}", scripts.redis.get(scripts.key("job:j1:status")));
        assertFalse(scripts.redis.exists(scripts.key("bgj:cancel:j1")));
    }

    static String job(String id, String extra) {
        return "{\"class\":\"A\",\"args\":[],\"id\":\"" + id + "\"" + extra + "}";
    }

    long redisMillis() {
        List<?> time = (List<?>) scripts.redis.eval("return redis.call('TIME')");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    Object cancel(String id, int budget) {
        return scripts.run("cancel.lua", scripts.keys.forCancel(id), id, 60, budget);
    }

    Object fetch(String worker, String... queues) {
        Object[] args = new Object[5 + queues.length];
        args[0] = worker;
        args[1] = "2026-12-01T00:00:00Z";
        args[2] = "{\"status\":2}";
        args[3] = 60;
        args[4] = "0";
        System.arraycopy(queues, 0, args, 5, queues.length);
        return scripts.fetch(args);
    }
}
