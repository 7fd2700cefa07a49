package dev.backgroundjobs.it.scripts;

import dev.backgroundjobs.internal.redis.ComposedScripts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scripts that put jobs (back) on their queues (lib/requeue.lua), and delete_failed.lua, on a real Redis. */
class RequeueScriptIT {

    static final String QUEUED = "{\"status\":1}";
    static final String CANCELLED = "{\"status\":5}";
    static final String RUBY_TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} UTC";
    static final long KEPT = 7 * 24 * 3600;

    final Scripts scripts = new Scripts();
    final long now = Long.parseLong((String) scripts.redis.eval("return redis.call('TIME')[1]"));

    @AfterEach
    void clean() {
        scripts.close();
    }

    // retries

    @Test
    void dueRetriesGoToTheirQueuesOnceEvenWhenTheCallIsSentTwice() {
        scripts.redis.set(scripts.key("job:1:status"), "{\"status\":1,\"state\":\"RETRYING\"}");
        scripts.redis.zadd(scripts.key("bgj:retry"), 1, retry("1", "a"));
        scripts.redis.zadd(scripts.key("bgj:retry"), 2, retry("2", "b"));

        assertEquals(List.of(2L, ""), retries());
        assertEquals(List.of(0L, ""), retries(), "the reply was lost and the call sent again");

        assertEquals(List.of(retry("1", "a")), scripts.redis.lrange(scripts.key("queue:a"), 0, -1));
        assertEquals(List.of(retry("2", "b")), scripts.redis.lrange(scripts.key("queue:b"), 0, -1));
        assertEquals(QUEUED, scripts.redis.get(scripts.key("job:1:status")));
        assertTrue(scripts.redis.ttl(scripts.key("job:1:status")) > 0);
        assertFalse(scripts.redis.exists(scripts.key("job:2:status")), "job 2's status is not tracked");
    }

    @Test
    void retriesAreDueByRedissClockAndTheReplySaysHowLongUntilTheNext() {
        long redisMillis = redisMillis();
        scripts.redis.zadd(scripts.key("bgj:retry"), redisMillis - 1_000, retry("1", "a"));
        scripts.redis.zadd(scripts.key("bgj:retry"), redisMillis + 60_000, retry("2", "b"));

        List<?> reply = (List<?>) retries();

        assertEquals(1L, reply.get(0));
        long wait = Long.parseLong((String) reply.get(1));
        assertTrue(wait > 55_000 && wait <= 60_000, "a wait, not a time: " + wait);
        assertEquals(1, scripts.redis.zcard(scripts.key("bgj:retry")), "the one due in a minute stays");
    }

    @Test
    void delayedJobsAreDueByRedissClockAndTheReplySaysHowLongUntilTheNext() {
        enqueueDelayed("1", now - 1);
        enqueueDelayed("2", now + 120);

        List<?> reply = (List<?>) delayed();

        assertEquals(1L, reply.get(0));
        long wait = Long.parseLong((String) reply.get(1));
        assertTrue(wait > 115 && wait <= 120, "a wait, not a time: " + wait);
        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
    }

    long redisMillis() {
        List<?> time = (List<?>) scripts.redis.eval("return redis.call('TIME')");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bgj:wake:* string list", "queues list set", "bgj:retry list zset"})
    void aRetryKeyOfTheWrongTypeMovesNothing(String setting) {
        String[] parts = setting.split(" ");
        String key = scripts.key(parts[0]);
        if (!parts[0].equals("bgj:retry")) {
            scripts.redis.zadd(scripts.key("bgj:retry"), 1, retry("1", "a"));
            scripts.redis.zadd(scripts.key("bgj:retry"), 2, retry("2", "b"));
        }
        scripts.occupy(key, parts[1]);
        Map<String, String> before = NamespaceDump.of(scripts);

        assertWrongType(key, parts[1], parts[2], () -> retries());

        assertEquals(before, NamespaceDump.of(scripts));
    }

    @Test
    void anUnreadableRetryGoesToTheFailedListOnceWithAClearError() {
        scripts.redis.zadd(scripts.key("bgj:retry"), 1, "not json");
        scripts.redis.zadd(scripts.key("bgj:retry"), 2, "{\"class\":\"A\",\"args\":[]}");
        scripts.redis.zadd(scripts.key("bgj:retry"), 3, retry("3", "a"));

        assertEquals(List.of(3L, ""), retries());
        assertEquals(List.of(0L, ""), retries(), "moved once");

        List<String> failed = scripts.redis.lrange(scripts.key("failed"), 0, -1);
        assertEquals(2, failed.size());
        assertFailureRecord(failed.get(0), "BGJ0029E", "\"payload\":\"not json\"", "retry");
        assertTrue(failed.get(0).contains("is not a JSON payload"), failed.get(0));
        assertFailureRecord(failed.get(1), "BGJ0029E", "\"payload\":{\"class\":\"A\",\"args\":[]}", "retry");
        assertTrue(failed.get(1).contains("names no queue"), failed.get(1));
        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
        assertEquals(0, scripts.redis.zcard(scripts.key("bgj:retry")));
    }

    // delayed

    @Test
    void dueDelayedJobsAreMovedAndTheirBookkeepingRemovedInBothMemberForms() {
        String ours = enqueueDelayed("1", now - 5);
        String older = "{\"class\":\"B\",\"args\":[],\"queue\":\"b\"}";
        scripts.redis.rpush(scripts.key("delayed:" + (now - 5)), older);
        scripts.redis.sadd(scripts.key("timestamps:" + older), scripts.key("delayed:" + (now - 5)));

        assertEquals(List.of(2L, ""), delayed());
        assertEquals(List.of(0L, ""), delayed(), "the reply was lost and the call sent again");

        assertEquals(List.of(ours), scripts.redis.lrange(scripts.key("queue:a"), 0, -1));
        assertEquals(List.of(older), scripts.redis.lrange(scripts.key("queue:b"), 0, -1));
        assertFalse(scripts.redis.exists(scripts.key("timestamps:" + ours)), "the peers' form removed");
        assertFalse(scripts.redis.exists(scripts.key("timestamps:" + older)), "the form of earlier versions removed");
        assertFalse(scripts.redis.exists(scripts.key("delayed:" + (now - 5))));
        assertEquals(0, scripts.redis.zcard(scripts.key("delayed_queue_schedule")));
        assertEquals(0, scripts.redis.hlen(scripts.key("bgj:delayed")));
        assertEquals(0, scripts.redis.zcard(scripts.key("bgj:delayed:due")));
        assertEquals(QUEUED, scripts.redis.get(scripts.key("job:1:status")));
    }

    @Test
    void aBatchStopsAtItsLimitAndLeavesTheRestInOrder() {
        for (int i = 1; i <= 5; i++) {
            enqueueDelayed(Integer.toString(i), now - 5);
        }

        assertEquals(List.of(3L, "0"), delayed(3), "more are due already: the wait is 0");

        assertEquals(3, scripts.redis.llen(scripts.key("queue:a")));
        assertEquals(2, scripts.redis.llen(scripts.key("delayed:" + (now - 5))));
        assertEquals(2, scripts.redis.hlen(scripts.key("bgj:delayed")));
        assertEquals(List.of(2L, ""), delayed(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"resque_scheduler_master_lock", "NS:resque_scheduler_master_lock", "resque_scheduler_leader_lock"})
    void whileAPeerSchedulerHoldsItsLockNothingMoves(String lock) {
        String key = scripts.key(lock.replace("NS:", scripts.prefix));
        scripts.redis.setex(key, 180, "ruby-host:4242");
        enqueueDelayed("1", now - 5);
        Map<String, String> before = NamespaceDump.of(scripts);

        assertEquals(List.of(0L, "-1"), delayed());

        assertEquals(before, NamespaceDump.of(scripts));
    }

    @Test
    void whileWeMoveWeHoldEveryPeersLock() {
        scripts.redis.setex(scripts.key("resque_scheduler_master_lock"), 10, "bgj:other-server");
        enqueueDelayed("1", now - 5);

        assertEquals(List.of(1L, ""), delayed());

        for (String lock : List.of(scripts.key("resque_scheduler_master_lock"),
                scripts.key(scripts.prefix + "resque_scheduler_master_lock"), scripts.key("resque_scheduler_leader_lock"))) {
            assertEquals("bgj:me", scripts.redis.get(lock), lock);
            long ttl = scripts.redis.ttl(lock);
            assertTrue(ttl > 0 && ttl <= 15, lock + " expires, ttl " + ttl);
        }
    }

    @Test
    void aJobAPeerMovedLongAgoIsReconciled() {
        long due = now - 120;
        String payload = enqueueDelayed("1", due);
        // resque-scheduler moves it: takes it, removes its member, and queues {"class","args"} without the id.
        String list = scripts.key("delayed:" + due);
        assertEquals(payload, scripts.redis.lpop(list));
        scripts.redis.srem(scripts.key("timestamps:" + payload), "delayed:" + due);
        scripts.redis.zrem(scripts.key("delayed_queue_schedule"), Long.toString(due));
        scripts.redis.rpush(scripts.key("queue:a"), "{\"class\":\"A\",\"args\":[]}");
        // A job still waiting under a peer master is left alone.
        String waiting = enqueueDelayed("2", due);
        scripts.redis.setex(scripts.key("resque_scheduler_leader_lock"), 180, "node-host:1");

        assertEquals(List.of(0L, "-1"), delayed());

        assertNull(scripts.redis.hget(scripts.key("bgj:delayed"), "1"));
        assertNull(scripts.redis.zscore(scripts.key("bgj:delayed:due"), "1"));
        assertEquals(QUEUED, scripts.redis.get(scripts.key("job:1:status")));
        assertEquals(due + " " + waiting, scripts.redis.hget(scripts.key("bgj:delayed"), "2"));
        assertEquals("SCHEDULED", scripts.redis.get(scripts.key("job:2:status")));
    }

    @Test
    void aJobDueRecentlyIsNotTakenForMovedByAPeer() {
        long due = now - 5;
        String payload = enqueueDelayed("1", due);
        scripts.redis.lpop(scripts.key("delayed:" + due));
        scripts.redis.srem(scripts.key("timestamps:" + payload), "delayed:" + due);
        scripts.redis.setex(scripts.key("resque_scheduler_leader_lock"), 180, "node-host:1");

        delayed();

        assertEquals("SCHEDULED", scripts.redis.get(scripts.key("job:1:status")));
    }

    @Test
    void aDelayedJobWithoutAQueueBecomesARubyFailureRecord() {
        scripts.redis.rpush(scripts.key("delayed:" + (now - 5)), "{\"class\":\"A\",\"args\":[]}", "garbage");
        scripts.redis.zadd(scripts.key("delayed_queue_schedule"), now - 5, Long.toString(now - 5));

        assertEquals(List.of(2L, ""), delayed());

        List<String> failed = scripts.redis.lrange(scripts.key("failed"), 0, -1);
        assertFailureRecord(failed.get(0), "BGJ0035E", "\"payload\":{\"class\":\"A\",\"args\":[]}", "delayed");
        assertFailureRecord(failed.get(1), "BGJ0035E", "\"payload\":\"garbage\"", "delayed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"queues list set", "delayed:DUE set list", "delayed_queue_schedule list zset",
            "bgj:delayed string hash", "bgj:delayed:due hash zset", "failed hash list", "bgj:wake:* string list",
            "resque_scheduler_leader_lock list string"})
    void aDelayedKeyOfTheWrongTypeMovesNothing(String setting) {
        String[] parts = setting.split(" ");
        long due = now - 5;
        String key = scripts.key(parts[0].replace("DUE", Long.toString(due)));
        enqueueDelayed("1", due);
        enqueueDelayed("2", due, "b");
        scripts.redis.rpush(scripts.key("delayed:" + due), "{\"class\":\"A\",\"args\":[]}");
        scripts.redis.del(key);
        scripts.occupy(key, parts[1]);
        Map<String, String> before = NamespaceDump.of(scripts);

        assertWrongType(key, parts[1], parts[2], () -> delayed());

        assertEquals(before, NamespaceDump.of(scripts));
    }

    @Test
    void retriesAndDelayedJobsInOneCallEachAnswerForThemselves() {
        scripts.redis.zadd(scripts.key("bgj:retry"), 1, retry("1", "a"));
        enqueueDelayed("2", now - 5, "b");
        scripts.redis.del(scripts.key("delayed_queue_schedule"));
        scripts.occupy(scripts.key("delayed_queue_schedule"), "list");

        List<?> reply = (List<?>) scripts.runComposed(ComposedScripts.promoteDue(),
                new Scripts.Call(scripts.keys.forPromoteRetries(), retriesArgs()),
                new Scripts.Call(scripts.keys.forPromoteDelayed(), delayedArgs(500)));

        assertEquals(List.of(1L, ""), reply.get(0));
        JedisDataException error = assertInstanceOf(JedisDataException.class, reply.get(1));
        assertTrue(error.getMessage().startsWith("BGJ0028E: " + scripts.key("delayed_queue_schedule") + " is a list"),
                error.getMessage());
        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
        assertEquals(1, scripts.redis.llen(scripts.key("delayed:" + (now - 5))));
        long redisSeconds = Long.parseLong((String) ((List<?>) reply.get(2)).get(0));
        assertTrue(redisSeconds >= now && redisSeconds <= now + 5, "Redis's clock comes with the answers: " + redisSeconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue:b zset", "bgj:wake:b hash"})
    void aRetryForAQueueWhoseKeyHoldsAnotherTypeIsRecordedAsFailedAndTheOthersMove(String setting) {
        String[] parts = setting.split(" ");
        scripts.redis.zadd(scripts.key("bgj:retry"), 1, retry("1", "a"));
        scripts.redis.zadd(scripts.key("bgj:retry"), 2, retry("2", "b"));
        scripts.occupy(scripts.key(parts[0]), parts[1]);

        assertEquals(List.of(2L, ""), retries());

        assertEquals(List.of(retry("1", "a")), scripts.redis.lrange(scripts.key("queue:a"), 0, -1));
        List<String> failed = scripts.redis.lrange(scripts.key("failed"), 0, -1);
        assertEquals(1, failed.size());
        assertFailureRecord(failed.get(0), "BGJ0029E", "\"payload\":" + retry("2", "b"), "b");
        assertTrue(failed.get(0).contains(scripts.key(parts[0]) + " is a " + parts[1]), failed.get(0));
        assertEquals(0, scripts.redis.zcard(scripts.key("bgj:retry")));
    }

    @Test
    void aDelayedJobForAQueueJesqueMadeASortedSetIsRecordedAsFailedAndTheOthersMove() {
        long due = now - 5;
        enqueueDelayed("1", due);
        String blocked = enqueueDelayed("2", due, "b");
        scripts.occupy(scripts.key("queue:b"), "zset");

        assertEquals(List.of(2L, ""), delayed());

        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
        List<String> failed = scripts.redis.lrange(scripts.key("failed"), 0, -1);
        assertEquals(1, failed.size());
        assertFailureRecord(failed.get(0), "BGJ0035E", "\"payload\":" + blocked, "b");
        assertFalse(scripts.redis.hexists(scripts.key("bgj:delayed"), "2"));
        assertEquals(0, scripts.redis.zcard(scripts.key("delayed_queue_schedule")));
    }

    // cancel

    @Test
    void cancellingAUniqueDelayedJobFreesItsKeyOnce() {
        String unique = scripts.key("bgj:unique:A:x");
        enqueueDelayed("1", now + 60, "a", unique);

        assertEquals(1L, cancel("1"));
        assertEquals(0L, cancel("1"), "the reply was lost and the call sent again");

        assertFalse(scripts.redis.exists(unique));
        assertEquals(CANCELLED, scripts.redis.get(scripts.key("job:1:status")));
        assertEquals(0, scripts.redis.hlen(scripts.key("bgj:delayed")));
        assertEquals(0, scripts.redis.zcard(scripts.key("bgj:delayed:due")));
        assertEquals(0, scripts.redis.zcard(scripts.key("delayed_queue_schedule")));
        assertEquals(Set.of(), scripts.redis.keys(scripts.key("timestamps:*")));
    }

    @Test
    void cancellingKeepsAUniqueKeyAnotherJobHolds() {
        String unique = scripts.key("bgj:unique:A:x");
        enqueueDelayed("1", now + 60, "a", unique);
        scripts.redis.set(unique, "2");

        assertEquals(1L, cancel("1"));

        assertEquals("2", scripts.redis.get(unique));
    }

    @ParameterizedTest
    @ValueSource(strings = {"delayed:DUE set list", "delayed_queue_schedule list zset", "bgj:delayed string hash",
            "bgj:delayed:due hash zset"})
    void aCancelKeyOfTheWrongTypeWritesNothing(String setting) {
        String[] parts = setting.split(" ");
        long due = now + 60;
        String key = scripts.key(parts[0].replace("DUE", Long.toString(due)));
        if (parts[0].equals("bgj:delayed")) {
            scripts.occupy(key, parts[1]);
        } else {
            enqueueDelayed("1", due);
            scripts.redis.del(key);
            scripts.occupy(key, parts[1]);
        }
        Map<String, String> before = NamespaceDump.of(scripts);

        assertWrongType(key, parts[1], parts[2], () -> cancel("1"));

        assertEquals(before, NamespaceDump.of(scripts));
    }

    // recurring

    @Test
    void aRecurringTimeQueuesOnceEvenWhenSentTwice() {
        assertEquals(1L, recurring(now));
        assertEquals(0L, recurring(now), "the reply was lost and the call sent again");

        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue:a zset list", "bgj:recurring:nightly list hash", "queues string set"})
    void aRecurringKeyOfTheWrongTypeWritesNothing(String setting) {
        String[] parts = setting.split(" ");
        String key = scripts.key(parts[0]);
        scripts.occupy(key, parts[1]);
        Map<String, String> before = NamespaceDump.of(scripts);

        assertWrongType(key, parts[1], parts[2], () -> recurring(now));

        assertEquals(before, NamespaceDump.of(scripts));
    }

    // failed

    @Test
    void aFailedRecordIsRetriedOnceEvenWhenSentTwice() {
        scripts.redis.rpush(scripts.key("failed"), "r0", "r1");

        assertEquals(1L, retryFailed(1, "r1", "a"));
        assertEquals(0L, retryFailed(1, "r1", "a"), "the reply was lost and the call sent again");

        assertEquals(List.of("r0"), scripts.redis.lrange(scripts.key("failed"), 0, -1));
        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
    }

    @Test
    void aFailedRecordIsDeletedOnceAndOnlyWhileItHoldsTheTextRead() {
        scripts.redis.rpush(scripts.key("failed"), "r0", "r1", "r1");

        assertEquals(0L, deleteFailed(1, "r0"), "index 1 holds another record now");
        assertEquals(1L, deleteFailed(1, "r1"));
        assertEquals(1L, deleteFailed(1, "r1"), "the equal record that moved up to index 1");
        assertEquals(0L, deleteFailed(1, "r1"), "nothing left at index 1");

        assertEquals(List.of("r0"), scripts.redis.lrange(scripts.key("failed"), 0, -1));
        assertFalse(scripts.redis.exists(scripts.key("queue:a")), "a delete queues nothing");
    }

    @Test
    void aFailedListOfTheWrongTypeDeletesNothing() {
        scripts.occupy(scripts.key("failed"), "hash");
        Map<String, String> before = NamespaceDump.of(scripts);

        assertWrongType(scripts.key("failed"), "hash", "list", () -> deleteFailed(0, "r0"));

        assertEquals(before, NamespaceDump.of(scripts));
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue:a zset list", "bgj:wake:a set list", "failed hash list"})
    void aFailedRetryKeyOfTheWrongTypeWritesNothing(String setting) {
        String[] parts = setting.split(" ");
        String key = scripts.key(parts[0]);
        if (!parts[0].equals("failed")) {
            scripts.redis.rpush(scripts.key("failed"), "r0");
        }
        scripts.occupy(key, parts[1]);
        Map<String, String> before = NamespaceDump.of(scripts);

        assertWrongType(key, parts[1], parts[2], () -> retryFailed(0, "r0", "a"));

        assertEquals(before, NamespaceDump.of(scripts));
    }

    // helpers

    void assertWrongType(String key, String actual, String expected, Runnable call) {
        JedisDataException error = assertThrows(JedisDataException.class, call::run);
        assertEquals("BGJ0028E: " + key + " is a " + actual + ", not a " + expected + "; nothing was moved",
                error.getMessage());
    }

    static void assertFailureRecord(String record, String code, String payload, String queue) {
        assertTrue(record.matches("\\{\"failed_at\":\"" + RUBY_TIME + "\",.*"), record);
        assertTrue(record.contains(payload), record);
        assertTrue(record.contains("\"exception\":\"" + code + "\",\"error\":\"" + code + ": "), record);
        assertTrue(record.contains("\"backtrace\":[]"), record);
        assertTrue(record.endsWith("\"queue\":\"" + queue + "\"}"), record);
    }


    String retry(String id, String queue) {
        return "{\"class\":\"A\",\"args\":[],\"id\":\"" + id + "\",\"queue\":\"" + queue + "\",\"attempts\":1}";
    }

    String enqueueDelayed(String id, long due) {
        return enqueueDelayed(id, due, "a");
    }

    String enqueueDelayed(String id, long due, String queue) {
        return enqueueDelayed(id, due, queue, "");
    }

    /** A delayed job as the module sends it (enqueue.lua). */
    String enqueueDelayed(String id, long due, String queue, String uniqueKey) {
        String payload = "{\"class\":\"A\",\"args\":[],\"id\":\"" + id + "\",\"queue_time\":" + due + ",\"queue\":\""
                + queue + "\"" + (uniqueKey.isEmpty() ? "" : ",\"unique_key\":\"" + uniqueKey + "\"") + "}";
        scripts.enqueue(64, QUEUED, "SCHEDULED", 60, KEPT, 0, "J", queue, payload,
                scripts.key("job:" + id + ":status"), due, id, uniqueKey, 600);
        return payload;
    }

    List<String> base(String status) {
        return new ArrayList<>(List.of("64", status, "60"));
    }

    List<String> retriesArgs() {
        List<String> args = base(QUEUED);
        args.add("500");
        return args;
    }

    List<String> delayedArgs(int limit) {
        List<String> args = base(QUEUED);
        args.addAll(List.of(Integer.toString(limit), "bgj:me", "15", "60", Long.toString(KEPT)));
        return args;
    }

    Object retries() {
        return eval("promote_retries.lua", scripts.keys.forPromoteRetries(), retriesArgs());
    }

    Object delayed() {
        return delayed(500);
    }

    Object delayed(int limit) {
        return eval("promote_delayed.lua", scripts.keys.forPromoteDelayed(), delayedArgs(limit));
    }

    Object cancel(String id) {
        return eval("cancel_delayed.lua", scripts.keys.forCancelDelayed(), List.of(CANCELLED, "60", id));
    }

    Object recurring(long time) {
        List<String> args = base(QUEUED);
        args.addAll(List.of(Long.toString(time), "1", "0", "a", "{\"class\":\"A\",\"args\":[]}"));
        return eval("fire_recurring.lua", scripts.keys.forFireRecurring("nightly", "a", null), args);
    }

    Object retryFailed(long index, String record, String queue) {
        List<String> args = base(QUEUED);
        args.addAll(List.of(Long.toString(index), record, queue, "{\"class\":\"A\",\"args\":[]}"));
        return eval("retry_failed.lua", scripts.keys.forRetryFailed(queue, null), args);
    }

    Object deleteFailed(long index, String record) {
        return eval("delete_failed.lua", scripts.keys.forDeleteFailed(), List.of(Long.toString(index), record));
    }

    Object eval(String script, List<String> scriptKeys, List<String> args) {
        return scripts.redis.eval(Scripts.source(script), scriptKeys, args);
    }
}
