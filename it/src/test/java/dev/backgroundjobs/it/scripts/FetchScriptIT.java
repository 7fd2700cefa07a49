package dev.backgroundjobs.it.scripts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fetch.lua on a real Redis. */
class FetchScriptIT {

    static final String JOB = "{\"class\":\"A\",\"args\":[]}";

    final Scripts scripts = new Scripts();

    @AfterEach
    void clean() {
        scripts.close();
    }

    @Test
    void takesTheFirstJobOfTheQueuesInPriorityOrder() {
        scripts.redis.rpush(scripts.key("queue:low"), "{\"class\":\"A\",\"args\":[]}");
        scripts.redis.rpush(scripts.key("queue:high"), "{\"class\":\"B\",\"args\":[]}");

        Object reply = fetch("w1", "high", "low");

        assertEquals(List.of("high", "{\"class\":\"B\",\"args\":[]}"), reply);
        assertEquals(List.of("{\"class\":\"B\",\"args\":[]}"), scripts.redis.lrange(scripts.key("bgj:inflight:w1"), 0, -1));
    }

    @Test
    void aQueueKeyOfAnotherTypeIsSkippedAndNamedAndTheNextQueueServed() {
        // Jesque's delayed enqueue: a sorted set at queue:NAME, the name in the queues set.
        scripts.redis.zadd(scripts.key("queue:delayed"), 1, JOB);
        scripts.redis.sadd(scripts.key("queues"), "delayed", "work");
        scripts.redis.rpush(scripts.key("queue:work"), JOB);

        Object reply = fetchAll("w1");

        assertEquals(List.of("work", JOB, scripts.key("queue:delayed"), "zset"), reply);
        assertEquals(1, scripts.redis.zcard(scripts.key("queue:delayed")));
    }

    @Test
    void withNothingToTakeTheWrongTypedKeysAreStillNamed() {
        scripts.redis.zadd(scripts.key("queue:delayed"), 1, JOB);
        scripts.redis.sadd(scripts.key("queues"), "delayed");

        assertEquals(List.of("", "", scripts.key("queue:delayed"), "zset"), fetchAll("w1"));
        assertNull(scripts.redis.get(scripts.key("worker:w1")));
    }

    @Test
    void aQueuesSetOfAnotherTypeIsNamedAndFetchesNothing() {
        scripts.redis.rpush(scripts.key("queues"), "oops");

        assertEquals(List.of("", "", scripts.key("queues"), "list"), fetchAll("w1"));
    }

    @Test
    void aUniqueKeyOutsideTheNamespacesUniquenessKeysIsNeverTouched() {
        scripts.redis.set("victim", "j1");
        scripts.redis.set(scripts.key("stat:processed"), "j1");
        scripts.redis.rpush(scripts.key("queue:q"), payloadNamingKey("victim"), payloadNamingKey(scripts.key("stat:processed")));

        fetch("w1", "q");
        scripts.redis.del(scripts.key("bgj:inflight:w1"));
        fetch("w1", "q");

        assertEquals("j1", scripts.redis.get("victim"));
        assertEquals("j1", scripts.redis.get(scripts.key("stat:processed")));
        scripts.redis.del("victim");
    }

    @Test
    void aUniqueKeyOfTheNamespaceHeldUntilStartIsFreed() {
        String key = scripts.key("bgj:unique:A:digest");
        scripts.redis.set(key, "j1");
        scripts.redis.rpush(scripts.key("queue:q"), payloadNamingKey(key));

        fetch("w1", "q");

        assertFalse(scripts.redis.exists(key));
    }

    @Test
    void aUniqueKeyOfAnotherTypeDoesNotFailTheFetch() {
        String key = scripts.key("bgj:unique:A:digest");
        scripts.redis.rpush(key, "not a string");
        scripts.redis.rpush(scripts.key("queue:q"), payloadNamingKey(key));

        Object reply = fetch("w1", "q");

        assertTrue(reply instanceof List<?> list && list.get(0).equals("q"), String.valueOf(reply));
        assertEquals(1, scripts.redis.llen(key));
    }

    @Test
    void aDeeplyNestedPayloadIsHandedOutAsItIs() {
        String deep = "{\"class\":\"A\",\"args\":[" + "[".repeat(5000) + "]".repeat(5000) + "],\"id\":\"j1\"}";
        scripts.redis.rpush(scripts.key("queue:q"), deep);

        assertEquals(List.of("q", deep), fetch("w1", "q"));
        // Not JSON to Lua's cjson either: embedded as a string, so worker:ID stays readable JSON.
        assertTrue(scripts.redis.get(scripts.key("worker:w1")).contains("\"payload\":\"{"));
    }

    @Test
    void aJobIsMarkedRunningOnlyWhereItsStatusIsTracked() {
        String tracked = "{\"class\":\"A\",\"args\":[],\"id\":\"t1\"}";
        String untracked = "{\"class\":\"A\",\"args\":[],\"id\":\"u1\"}";
        scripts.redis.set(scripts.key("job:t1:status"), "{\"status\":1}");
        scripts.redis.rpush(scripts.key("queue:q"), tracked, untracked);

        fetch("w1", "q");
        fetch("w2", "q");

        assertEquals("{\"status\":2}", scripts.redis.get(scripts.key("job:t1:status")));
        assertTrue(scripts.redis.ttl(scripts.key("job:t1:status")) > 0);
        assertFalse(scripts.redis.exists(scripts.key("job:u1:status")), "PHP-Resque's rule: no key, not tracked");
    }

    @Test
    void aLostReplyHandsOutTheSameJobAgain() {
        scripts.redis.rpush(scripts.key("queue:q"), JOB, "{\"class\":\"B\",\"args\":[]}");

        Object first = fetch("w1", "q");
        Object again = fetch("w1", "q");

        assertEquals(first, again);
        assertEquals(1, scripts.redis.llen(scripts.key("queue:q")));
    }

    static String payloadNamingKey(String key) {
        return "{\"class\":\"A\",\"args\":[],\"id\":\"j1\",\"unique_key\":\"" + key + "\",\"unique_until\":\"started\"}";
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
}
