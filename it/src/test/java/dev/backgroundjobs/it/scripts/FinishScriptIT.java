package dev.backgroundjobs.it.scripts;

import dev.backgroundjobs.internal.redis.ComposedScripts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** finish.lua on a real Redis. */
class FinishScriptIT {

    static final String JOB = "{\"class\":\"A\",\"args\":[],\"id\":\"j1\"}";

    final Scripts scripts = new Scripts();

    @AfterEach
    void clean() {
        scripts.close();
    }

    @Test
    void aSucceededRunIsCountedOnceEvenWhenTheCallIsSentTwice() {
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), JOB);
        scripts.redis.set(scripts.key("job:j1:status"), "{\"status\":2}");

        assertEquals(1L, finish("succeeded", JOB));
        assertEquals(0L, finish("succeeded", JOB));

        assertEquals("1", scripts.redis.get(scripts.key("stat:processed")));
        assertEquals("{\"status\":4}", scripts.redis.get(scripts.key("job:j1:status")));
    }

    @Test
    void anUntrackedJobLeavesNoStatusAndItsProgressGoesWithTheRun() {
        String progress = scripts.key("bgj:progress:j1");
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), JOB);
        scripts.redis.set(progress, "{\"percent\":50}");

        assertEquals(1L, finishWithProgress(progress, "succeeded", JOB));

        assertEquals(Set.of(scripts.key("stat:processed"), scripts.key("stat:processed:w1"),
                scripts.key("bgj:stat:processed:minute:29000000")), NamespaceDump.of(scripts).keySet(),
                "counters only: no status, no progress");
    }

    @Test
    void aTrackedJobKeepsItsFinalStatusAndProgressForTheStatusExpiry() {
        String progress = scripts.key("bgj:progress:j1");
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), JOB);
        scripts.redis.set(scripts.key("job:j1:status"), "{\"status\":2}");
        scripts.redis.set(progress, "{\"percent\":50}");

        assertEquals(1L, finishWithProgress(progress, "failed", JOB, "{\"record\":1}"));

        assertEquals("{\"status\":3}", scripts.redis.get(scripts.key("job:j1:status")));
        long ttl = scripts.redis.ttl(scripts.key("job:j1:status"));
        assertTrue(ttl > 0 && ttl <= 60, "ttl " + ttl);
        assertEquals("{\"percent\":50}", scripts.redis.get(progress));
    }

    @Test
    void aFailedListOfAnotherTypeFailsTheCallWithNothingWritten() {
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), JOB);
        scripts.redis.set(scripts.key("failed"), "not a list");
        Map<String, String> before = NamespaceDump.of(scripts);

        JedisDataException e = assertThrows(JedisDataException.class, () -> finish("failed", JOB, "{\"record\":1}"));

        assertTrue(e.getMessage().contains("BGJ0094E: " + scripts.key("failed") + " is a string, not a list"), e.getMessage());
        assertEquals(before, NamespaceDump.of(scripts));
    }

    @Test
    void aRetrySetOfAnotherTypeFailsTheCallWithNothingWritten() {
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), JOB);
        scripts.redis.rpush(scripts.key("bgj:retry"), "x");
        Map<String, String> before = NamespaceDump.of(scripts);

        assertThrows(JedisDataException.class, () -> finish("retry", JOB, JOB, 1000));

        assertEquals(before, NamespaceDump.of(scripts));
    }

    @Test
    void aRetryIsDueItsDelayAfterNowByRedissClock() {
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), JOB);
        long before = redisMillis();

        assertEquals(1L, finish("retry", JOB, "next", 30_000));

        double due = scripts.redis.zscore(scripts.key("bgj:retry"), "next");
        assertTrue(due >= before + 30_000 && due <= redisMillis() + 30_000, "due " + due + ", Redis now " + before);
    }

    long redisMillis() {
        List<?> time = (List<?>) scripts.redis.eval("return redis.call('TIME')");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    @Test
    void countersSomeoneOverwroteWithTextDoNotStopTheRecord() {
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), JOB);
        scripts.redis.set(scripts.key("stat:processed"), "many");
        scripts.redis.rpush(scripts.key("stat:failed"), "a list");

        assertEquals(1L, finish("failed", JOB, "{\"record\":1}"));

        assertEquals(List.of("{\"record\":1}"), scripts.redis.lrange(scripts.key("failed"), 0, -1));
        assertEquals("many", scripts.redis.get(scripts.key("stat:processed")));
    }

    @Test
    void aUniqueKeyOutsideTheNamespacesUniquenessKeysIsNeverDeleted() {
        String hostile = "{\"class\":\"A\",\"args\":[],\"id\":\"j1\",\"unique_key\":\"" + scripts.key("failed") + "\"}";
        scripts.redis.rpush(scripts.key("failed"), "j1");
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), hostile);

        finish("succeeded", hostile);

        assertEquals(List.of("j1"), scripts.redis.lrange(scripts.key("failed"), 0, -1));
    }

    @Test
    void aUniqueKeyOfTheNamespaceHeldByTheJobIsFreed() {
        String key = scripts.key("bgj:unique:A:d");
        String unique = "{\"class\":\"A\",\"args\":[],\"id\":\"j1\",\"unique_key\":\"" + key + "\"}";
        scripts.redis.set(key, "j1");
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), unique);

        finish("succeeded", unique);

        assertEquals(0L, scripts.redis.exists(key) ? 1L : 0L);
    }

    @Test
    void chainedWithTheNextFetchAnErrorOfTheFinishStopsTheFetch() {
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), JOB);
        scripts.redis.set(scripts.key("failed"), "not a list");
        scripts.redis.rpush(scripts.key("queue:q"), JOB);
        String chained = ComposedScripts.finishThenFetch();
        Scripts.Call end = scripts.finishCall("w1", JOB, scripts.key("job:j1:status"), "{\"status\":3}", "60", "failed",
                "1", "", "{\"record\":1}");
        Scripts.Call next = scripts.fetchCall("w1", "2026-12-01T00:00:00Z", "{\"status\":2}", "60", "0", "q");

        assertThrows(JedisDataException.class, () -> scripts.runComposed(chained, end, next));

        assertEquals(1, scripts.redis.llen(scripts.key("queue:q")));
        assertEquals(List.of(JOB), scripts.redis.lrange(scripts.key("bgj:inflight:w1"), 0, -1));
    }


    Object finish(String outcome, String payload, Object... more) {
        return finishWithProgress("", outcome, payload, more);
    }

    Object finishWithProgress(String progressKey, String outcome, String payload, Object... more) {
        Object[] args = new Object[8 + more.length];
        args[0] = "w1";
        args[1] = payload;
        args[2] = scripts.key("job:j1:status");
        args[3] = outcome.equals("succeeded") ? "{\"status\":4}" : "{\"status\":3}";
        args[4] = 60;
        args[5] = outcome;
        args[6] = 29_000_000;
        args[7] = progressKey;
        System.arraycopy(more, 0, args, 8, more.length);
        return scripts.finish(args);
    }
}
