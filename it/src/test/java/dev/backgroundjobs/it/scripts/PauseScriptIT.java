package dev.backgroundjobs.it.scripts;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pause.lua and the pauses fetch.lua honours, on a real Redis: paused queues are skipped for explicit
 * queue lists and for '*', jobs of a paused name are set aside (never run, never lost, never doubled)
 * and come back at the head of their queues in their order on resume.
 */
class PauseScriptIT {

    static final String HELD = "{\"class\":\"Held\",\"args\":[%d],\"id\":\"h%d\"}";
    static final String FREE = "{\"class\":\"Free\",\"args\":[%d]}";

    final Scripts scripts = new Scripts();

    @AfterEach
    void clean() {
        scripts.close();
    }

    @Test
    void aPauseRecordsWhoAndWhenByRedisClockAndASecondPauseKeepsTheFirstRecord() {
        Instant before = Instant.now().minusSeconds(2);
        assertEquals(1L, pause("queue", "mail", "alice"));
        assertEquals(0L, pause("queue", "mail", "bob"));

        JsonObject record = json(scripts.redis.hget(scripts.key("bgj:pause:queues"), "mail"));
        assertEquals("alice", record.getString("by"));
        Instant at = Instant.parse(record.getString("at"));
        assertTrue(!at.isBefore(before) && at.isBefore(Instant.now().plus(Duration.ofSeconds(2))), at.toString());
    }

    @Test
    void aPausedQueueIsSkippedForAQueueListAndForAllQueuesUntilResumed() {
        scripts.redis.sadd(scripts.key("queues"), "mail", "cache");
        scripts.redis.rpush(scripts.key("queue:mail"), free(1));
        scripts.redis.rpush(scripts.key("queue:cache"), free(2));
        pause("queue", "cache", "alice");

        assertEquals(List.of("mail", free(1)), fetch("w1", "cache", "mail"));
        finish("w1");
        assertNull(fetchAll("w2"), "the only job left is in the paused queue");
        assertNull(fetch("w1", "cache"));

        assertEquals(0L, resume("queue", "cache"));
        assertEquals(-1L, resume("queue", "cache"), "not paused any more");
        assertEquals(List.of("cache", free(2)), fetchAll("w2"));
    }

    @Test
    void resumingAQueueWakesAWorkerPerJobOnItsListAndOnThatOfAllQueuesWorkers() {
        scripts.redis.rpush(scripts.key("queue:mail"), free(1), free(2), free(3));
        pause("queue", "mail", "alice");

        resume("queue", "mail");

        assertEquals(3, scripts.redis.llen(scripts.key("bgj:wake:mail")));
        assertEquals(3, scripts.redis.llen(scripts.key("bgj:wake:*")));
    }

    @Test
    void jobsOfAPausedNameAreSetAsideAndTheNextJobRuns() {
        scripts.redis.rpush(scripts.key("queue:q"), held(1), held(2), free(3), held(4));
        pause("job", "Held", "alice");

        assertEquals(List.of("q", free(3)), fetch("w1", "q"));
        finish("w1");
        assertNull(fetch("w1", "q"), "the last job is held too: nothing to run, like an empty queue");

        assertEquals(0, scripts.redis.llen(scripts.key("queue:q")));
        assertEquals(List.of("q " + held(1), "q " + held(2), "q " + held(4)),
                scripts.redis.lrange(scripts.key("bgj:held:Held"), 0, -1));
        assertNull(scripts.redis.get(scripts.key("worker:w1")), "no current job after a fetch that took nothing");
    }

    @Test
    void resumeBringsTheHeldJobsBackAtTheHeadOfTheirQueuesInTheirOrder() {
        scripts.redis.rpush(scripts.key("queue:a"), held(1), held(2), free(3));
        scripts.redis.rpush(scripts.key("queue:b"), held(4));
        pause("job", "Held", "alice");
        assertEquals(List.of("a", free(3)), fetch("w1", "a", "b"));
        finish("w1");
        assertNull(fetch("w1", "a", "b"));
        scripts.redis.rpush(scripts.key("queue:a"), free(5));

        assertEquals(3L, resume("job", "Held"));

        assertEquals(List.of(held(1), held(2), free(5)), scripts.redis.lrange(scripts.key("queue:a"), 0, -1));
        assertEquals(List.of(held(4)), scripts.redis.lrange(scripts.key("queue:b"), 0, -1));
        assertFalse(scripts.redis.exists(scripts.key("bgj:held:Held")));
        assertFalse(scripts.redis.hexists(scripts.key("bgj:pause:jobs"), "Held"));
        assertEquals(2, scripts.redis.llen(scripts.key("bgj:wake:a")));
        assertEquals(1, scripts.redis.llen(scripts.key("bgj:wake:b")));
        assertEquals(3, scripts.redis.llen(scripts.key("bgj:wake:*")));
        assertTrue(scripts.redis.sismember(scripts.key("queues"), "b"));
        assertEquals(List.of("a", held(1)), fetch("w1", "a", "b"), "runs again once resumed");
    }

    @Test
    void oneCallSetsAsideAtMostAHundredAndAnswersThatTheNextCallGoesOn() {
        List<String> payloads = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            payloads.add(held(i));
        }
        payloads.add(free(0));
        scripts.redis.rpush(scripts.key("queue:q"), payloads.toArray(String[]::new));
        pause("job", "Held", "alice");

        assertEquals(List.of("", "+"), fetch("w1", "q"));
        assertEquals(100, scripts.redis.llen(scripts.key("bgj:held:Held")));
        assertEquals(List.of("", "+"), fetch("w1", "q"));
        assertEquals(List.of("q", free(0)), fetch("w1", "q"));
        assertEquals(250, scripts.redis.llen(scripts.key("bgj:held:Held")));
        assertEquals(List.of(free(0)), scripts.redis.lrange(scripts.key("bgj:inflight:w1"), 0, -1));

        finish("w1");
        assertEquals(250L, resume("job", "Held"));
        List<String> back = scripts.redis.lrange(scripts.key("queue:q"), 0, -1);
        assertEquals(payloads.subList(0, 250), back, "every held job once, in its order");
    }

    @Test
    void resumingAQueueNamedLikeAPausedJobLeavesThatJobsHeldOnes() {
        String mailJob = "{\"class\":\"mail\",\"args\":[]}";
        scripts.redis.rpush(scripts.key("queue:q"), mailJob);
        pause("job", "mail", "alice");
        assertNull(fetch("w1", "q"));
        pause("queue", "mail", "alice");

        assertEquals(0L, resume("queue", "mail"));

        assertEquals(List.of("q " + mailJob), scripts.redis.lrange(scripts.key("bgj:held:mail"), 0, -1));
        assertEquals(1L, resume("job", "mail"));
        assertEquals(List.of(mailJob), scripts.redis.lrange(scripts.key("queue:q"), 0, -1));
    }

    @Test
    void aPayloadThatIsNotJsonOrNamesNoClassIsNeverHeld() {
        scripts.redis.rpush(scripts.key("queue:q"), "not json", "{\"args\":[]}");
        pause("job", "Held", "alice");

        assertEquals(List.of("q", "not json"), fetch("w1", "q"));
        finish("w1");
        assertEquals(List.of("q", "{\"args\":[]}"), fetch("w1", "q"));
    }

    @Test
    void aResumeWhoseQueueKeyHoldsAnotherTypeWritesNothingAndNamesIt() {
        scripts.redis.rpush(scripts.key("queue:q"), held(1));
        pause("job", "Held", "alice");
        assertNull(fetch("w1", "q"));
        scripts.redis.del(scripts.key("queue:q"));
        scripts.redis.zadd(scripts.key("queue:q"), 1, "jesque");

        JedisDataException error = assertThrows(JedisDataException.class, () -> resume("job", "Held"));

        assertTrue(error.getMessage().contains("BGJ0028E: " + scripts.key("queue:q") + " is a zset"), error.getMessage());
        assertEquals(1, scripts.redis.llen(scripts.key("bgj:held:Held")));
        assertTrue(scripts.redis.hexists(scripts.key("bgj:pause:jobs"), "Held"), "still paused");
    }

    static String held(int n) {
        return String.format(HELD, n, n);
    }

    static String free(int n) {
        return String.format(FREE, n);
    }

    Object pause(String kind, String name, String by) {
        return scripts.run("pause.lua", scripts.keys.forPause(kind.equals("queue")), name, by);
    }

    Object resume(String kind, String name) {
        return scripts.run("resume.lua", scripts.keys.forResume(kind.equals("queue"), name), kind, name, 64);
    }

    /** The end of the worker's run, as far as the fetch script cares: its in-flight list emptied. */
    void finish(String worker) {
        scripts.redis.del(scripts.key("bgj:inflight:" + worker), scripts.key("worker:" + worker));
    }

    Object fetch(String worker, String... queues) {
        return scripts.fetch(fetchArgs(worker, "0", queues));
    }

    Object fetchAll(String worker) {
        return scripts.fetch(fetchArgs(worker, "1"));
    }

    Object[] fetchArgs(String worker, String all, String... queues) {
        Object[] args = new Object[5 + queues.length];
        args[0] = worker;
        args[1] = "2026-12-01T00:00:00Z";
        args[2] = "{\"status\":2}";
        args[3] = 60;
        args[4] = all;
        System.arraycopy(queues, 0, args, 5, queues.length);
        return args;
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
