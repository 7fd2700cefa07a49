package dev.backgroundjobs.it.scripts;

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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** enqueue.lua on a real Redis. */
class EnqueueScriptIT {

    static final long KEPT = 7 * 24 * 3600;

    final Scripts scripts = new Scripts();
    final long now = Long.parseLong((String) scripts.redis.eval("return redis.call('TIME')[1]"));
    final long due = now + 3600;

    @AfterEach
    void clean() {
        scripts.close();
    }

    @Test
    void sendsDueJobsToTheirQueuesAndWakesTheirWorkers() {
        Object ids = enqueue(job("a", "{\"class\":\"A\",\"args\":[1]}", "1", "", ""),
                job("b", "{\"class\":\"B\",\"args\":[2]}", "2", "", ""));

        assertEquals(List.of("1", "2"), ids);
        assertEquals(List.of("{\"class\":\"A\",\"args\":[1]}"), scripts.redis.lrange(scripts.key("queue:a"), 0, -1));
        assertEquals(List.of("{\"class\":\"B\",\"args\":[2]}"), scripts.redis.lrange(scripts.key("queue:b"), 0, -1));
        assertEquals(Set.of("a", "b"), scripts.redis.smembers(scripts.key("queues")));
        assertEquals(1, scripts.redis.llen(scripts.key("bgj:wake:a")));
        assertEquals(2, scripts.redis.llen(scripts.key("bgj:wake:*")));
        assertEquals("{\"status\":1}", scripts.redis.get(scripts.key("job:1:status")));
        assertTrue(scripts.redis.ttl(scripts.key("job:1:status")) > 0, "a status expires");
    }

    @Test
    void storesADelayedJobAsResqueSchedulerDoesWithItsTimestampsMemberInThePeersFormAndAnExpiry() {
        String payload = delayedPayload("7");

        assertEquals(List.of("7"), enqueue(job("a", payload, "7", Long.toString(due), "")));

        assertEquals(List.of(payload), scripts.redis.lrange(scripts.key("delayed:" + due), 0, -1));
        assertEquals((double) due, scripts.redis.zscore(scripts.key("delayed_queue_schedule"), Long.toString(due)));
        String stamps = scripts.key("timestamps:" + payload);
        assertEquals(Set.of("delayed:" + due), scripts.redis.smembers(stamps), "not namespaced, as resque-scheduler writes it");
        long ttl = scripts.redis.ttl(stamps);
        assertTrue(ttl > KEPT && ttl <= 3600 + KEPT + 5, "kept a week past due, was " + ttl);
        assertEquals(due + " " + payload, scripts.redis.hget(scripts.key("bgj:delayed"), "7"));
        assertEquals((double) due, scripts.redis.zscore(scripts.key("bgj:delayed:due"), "7"));
        assertEquals("{\"status\":1,\"scheduled\":true}", scripts.redis.get(scripts.key("job:7:status")));
        assertTrue(scripts.redis.ttl(scripts.key("job:7:status")) > 0);
        assertEquals(Set.of(), scripts.redis.smembers(scripts.key("queues")), "no queue is touched yet");
    }

    @Test
    void aDelayedJobSentTwiceIsStoredOnce() {
        String payload = delayedPayload("7");
        enqueue(job("a", payload, "7", Long.toString(due), ""));
        Map<String, String> before = NamespaceDump.of(scripts);

        assertEquals(List.of("7"), enqueue(job("a", payload, "7", Long.toString(due), "")), "the reply was lost");

        assertEquals(before.keySet(), NamespaceDump.of(scripts).keySet());
        assertEquals(1, scripts.redis.llen(scripts.key("delayed:" + due)));
    }

    @Test
    void aUniqueJobSentTwiceIsQueuedOnceAndAnswersItsOwnId() {
        String unique = scripts.key("bgj:unique:A:x");
        enqueue(job("a", "{\"class\":\"A\",\"args\":[]}", "1", "", unique));

        assertEquals(List.of("1"), enqueue(job("a", "{\"class\":\"A\",\"args\":[]}", "1", "", unique)));

        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
        assertEquals("1", scripts.redis.get(unique));
        assertTrue(scripts.redis.ttl(unique) > 0, "a unique key expires");
    }

    /** The outbox's sends: a job whose status exists (queued, running or ended) is not sent again. */
    @Test
    void onlyNewJobsAreSentWhenAskedAndTheOthersAnswerEmpty() {
        enqueue(true, job("a", "{\"class\":\"A\",\"args\":[1]}", "1", "", ""));
        scripts.redis.set(scripts.key("job:2:status"), "{\"status\":4}");
        Map<String, String> before = NamespaceDump.of(scripts);

        Object ids = enqueue(true, job("a", "{\"class\":\"A\",\"args\":[1]}", "1", "", ""),
                job("a", "{\"class\":\"A\",\"args\":[2]}", "2", "", ""),
                job("a", delayedPayload("3"), "3", Long.toString(due), ""));

        assertEquals(List.of("", "", "3"), ids);
        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")), "1 was queued once, 2 had ended");
        assertEquals("{\"status\":4}", scripts.redis.get(scripts.key("job:2:status")), "an ended job's status stays");
        assertEquals(before.get(scripts.key("job:1:status")), NamespaceDump.of(scripts).get(scripts.key("job:1:status")),
                "a queued job's status is not written again");
        assertEquals(1, scripts.redis.llen(scripts.key("delayed:" + due)));
    }

    /**
     * An untracked job has no status key, so the outbox's sends mark each job until its row is gone
     * (QueueStore.forgetOutboxSends); a marked job is not sent again.
     */
    @Test
    void theOutboxsSendsAreMarkedAndAMarkedJobIsNotSentAgain() {
        List<String> untracked = List.of("a", "{\"class\":\"A\",\"args\":[1]}", "", "", "1", "", "600");

        assertEquals(List.of("1"), enqueue(true, untracked));
        assertNotNull(scripts.redis.zscore(scripts.key("bgj:outbox:sent"), "1"));
        assertFalse(scripts.redis.exists(scripts.key("job:1:status")));
        assertEquals(List.of(""), enqueue(true, untracked));
        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));

        scripts.redis.zrem(scripts.key("bgj:outbox:sent"), "1");
        assertEquals(List.of("1"), enqueue(false, untracked), "without onlyNew nothing is marked or checked");
        assertFalse(scripts.redis.exists(scripts.key("bgj:outbox:sent")));
    }

    /** A job sent before holds its own unique key; it answers as sent before, not as held by itself. */
    @Test
    void aUniqueJobSentBeforeAnswersEmptyWhenOnlyNewJobsAreSent() {
        String unique = scripts.key("bgj:unique:A:x");
        enqueue(true, job("a", "{\"class\":\"A\",\"args\":[]}", "1", "", unique));

        assertEquals(List.of(""), enqueue(true, job("a", "{\"class\":\"A\",\"args\":[]}", "1", "", unique)));
        assertEquals(List.of("1"), enqueue(true, job("a", "{\"class\":\"A\",\"args\":[]}", "9", "", unique)),
                "another job with the key is held by the first, as without onlyNew");
        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
    }

    /** Plain runs and other jobs keep their order in each queue; only the other jobs answer. */
    @Test
    void plainRunsAndOtherJobsKeepTheirOrderPerQueueAndOnlyTheOthersAnswer() {
        Object ids = enqueue(plain("a", "p1", "p2"), job("a", "{\"class\":\"A\",\"args\":[3]}", "3", "", ""),
                plain("b", "b1"), plain("a", "p4"));

        assertEquals(List.of("3"), ids);
        assertEquals(List.of("p1", "p2", "{\"class\":\"A\",\"args\":[3]}", "p4"), scripts.redis.lrange(scripts.key("queue:a"), 0, -1));
        assertEquals(List.of("b1"), scripts.redis.lrange(scripts.key("queue:b"), 0, -1));
        assertEquals(Set.of("a", "b"), scripts.redis.smembers(scripts.key("queues")));
        assertEquals(5, scripts.redis.llen(scripts.key("bgj:wake:*")), "one wake token per job");
    }

    @Test
    void aPlainRunLongerThanOneSliceIsPushedWhole() {
        String[] payloads = new String[2_500];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = "p" + i;
        }

        assertEquals(List.of(), enqueue(plain("a", payloads)));

        assertEquals(List.of(payloads), scripts.redis.lrange(scripts.key("queue:a"), 0, -1));
    }

    @Test
    void aSegmentOfNoKnownKindIsRefusedWithNothingSent() {
        JedisDataException refused = assertThrows(JedisDataException.class,
                () -> scripts.enqueue(64, "{}", "{}", 60, KEPT, 0, "X", "a", "p"));

        assertTrue(refused.getMessage().contains("segment X at ARGV[7] is neither P nor J"), refused.getMessage());
        assertFalse(scripts.redis.exists(scripts.key("queue:a")));
    }

    /** Without onlyNew, a status left from before does not stop a send (a retry from the failed list). */
    @Test
    void anExistingStatusDoesNotStopASendWithoutOnlyNew() {
        scripts.redis.set(scripts.key("job:1:status"), "{\"status\":3}");

        assertEquals(List.of("1"), enqueue(job("a", "{\"class\":\"A\",\"args\":[]}", "1", "", "")));
        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
    }

    @Test
    void twoJobsOfOneBatchWithOneUniqueKeySendTheFirst() {
        String unique = scripts.key("bgj:unique:A:x");

        Object ids = enqueue(job("a", "{\"class\":\"A\",\"args\":[1]}", "1", "", unique),
                job("a", "{\"class\":\"A\",\"args\":[2]}", "2", "", unique));

        assertEquals(List.of("1", "1"), ids);
        assertEquals(1, scripts.redis.llen(scripts.key("queue:a")));
    }

    /**
     * A batch of a unique job, a job on a second queue and a delayed job, with one key it touches of
     * the wrong type: an error naming the key and its type, and nothing written.
     */
    @ParameterizedTest
    @ValueSource(strings = {"queue:b zset list", "queue:a hash list", "bgj:unique:A:x list string", "bgj:wake:b set list",
            "bgj:wake:* string list", "delayed_queue_schedule list zset", "delayed:DUE set list",
            "timestamps:PAYLOAD string set", "bgj:delayed list hash", "bgj:delayed:due hash zset", "queues list set"})
    void aKeyOfTheWrongTypeAnywhereSendsNothing(String setting) {
        String[] parts = setting.split(" ");
        String payload = delayedPayload("3");
        String key = scripts.key(parts[0].replace("DUE", Long.toString(due)).replace("PAYLOAD", payload));
        scripts.occupy(key, parts[1]);
        scripts.redis.set(scripts.key("job:1:status"), "old");
        Map<String, String> before = NamespaceDump.of(scripts);

        JedisDataException error = assertThrows(JedisDataException.class, () -> enqueue(
                job("a", "{\"class\":\"A\",\"args\":[1]}", "1", "", scripts.key("bgj:unique:A:x")),
                job("b", "{\"class\":\"B\",\"args\":[2]}", "2", "", ""),
                job("c", payload, "3", Long.toString(due), "")));

        assertEquals("BGJ0027E: " + key + " is a " + parts[1] + ", not a " + parts[2] + "; nothing was sent",
                error.getMessage());
        assertEquals(before, NamespaceDump.of(scripts));
    }


    String delayedPayload(String id) {
        return "{\"class\":\"A\",\"args\":[],\"id\":\"" + id + "\",\"queue_time\":" + due + ",\"queue\":\"c\"}";
    }

    /** A run of plain jobs (due now, untracked, not unique) for one queue. */
    static List<String> plain(String queue, String... payloads) {
        List<String> segment = new ArrayList<>(List.of("P", queue, Integer.toString(payloads.length)));
        segment.addAll(List.of(payloads));
        return segment;
    }

    static List<String> job(String queue, String payload, String id, String dueAt, String uniqueKey) {
        return List.of(queue, payload, "STATUS:" + id, dueAt, id, uniqueKey, "600");
    }

    Object enqueue(List<?>... jobs) {
        return enqueue(false, jobs);
    }

    Object enqueue(boolean onlyNew, List<?>... jobs) {
        List<Object> args = new ArrayList<>(List.of(64, "{\"status\":1}", "{\"status\":1,\"scheduled\":true}",
                60, KEPT, onlyNew ? 1 : 0));
        for (List<?> job : jobs) {
            if (!job.get(0).equals("P")) {
                args.add("J");
            }
            for (Object field : job) {
                args.add(field instanceof String text && text.startsWith("STATUS:")
                        ? scripts.key("job:" + text.substring(7) + ":status") : field);
            }
        }
        return scripts.enqueue(args.toArray());
    }
}
