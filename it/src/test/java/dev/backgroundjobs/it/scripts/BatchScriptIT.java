package dev.backgroundjobs.it.scripts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** batch.lua and the batch and chain blocks of finish.lua, on a real Redis. */
class BatchScriptIT {

    static final String BATCH = "0123456789abcdef0123456789abcdef";
    static final String ON_SUCCESS = "{\"class\":\"Report\",\"args\":[],\"id\":\"s1\"}";
    static final String ON_COMPLETE = "{\"class\":\"Close\",\"args\":[],\"id\":\"c1\"}";

    final Scripts scripts = new Scripts();

    @AfterEach
    void clean() {
        scripts.close();
    }

    static String job(String batch, int index) {
        return "{\"class\":\"A\",\"args\":[" + index + "],\"id\":\"j" + index + "\",\"bgj_batch\":\"" + batch + ":" + index + "\"}";
    }

    /** Sends a batch of {@code size} jobs to queue q, with both callbacks to queue cb. */
    Object send(String batch, int size) {
        List<Object> args = new ArrayList<>(List.of(64, "{\"status\":1}", 60, batch,
                "cb", ON_SUCCESS, "", "cb", ON_COMPLETE, scripts.key("job:c1:status")));
        for (int i = 0; i < size; i++) {
            args.addAll(List.of("q", job(batch, i), ""));
        }
        return scripts.batch(args.toArray());
    }

    /** A worker takes the job (as fetch.lua leaves it in its in-flight list) and ends its run. */
    Object end(RedisClient redis, String worker, String payload, String outcome) {
        redis.rpush(scripts.key("bgj:inflight:" + worker), payload);
        return endAgain(redis, worker, payload, outcome);
    }

    /** finish.lua for a payload that is (or was) in the worker's in-flight list. */
    Object endAgain(RedisClient redis, String worker, String payload, String outcome) {
        List<String> args = new ArrayList<>(List.of(worker, payload, "", "{}", "60", outcome, "29000000", ""));
        args.addAll(outcome.equals("failed") ? List.of("{\"record\":1}", "")
                : outcome.equals("retry") ? List.of(payload.replace("\"id\"", "\"attempts\":1,\"id\""), "1000") : List.of("", ""));
        args.addAll(List.of("", "", "", "{\"status\":1}", "64"));
        Scripts.Call call = scripts.finishCall(args.toArray());
        return redis.eval(Scripts.source("finish.lua"), call.keys(), call.args());
    }

    Map<String, String> record(String batch) {
        return scripts.redis.hgetAll(scripts.key("bgj:batch:" + batch));
    }

    @Test
    void aBatchIsSentWithItsRecordInOneCall() {
        assertEquals(3L, send(BATCH, 3));

        assertEquals(List.of(job(BATCH, 0), job(BATCH, 1), job(BATCH, 2)), scripts.redis.lrange(scripts.key("queue:q"), 0, -1));
        Map<String, String> record = record(BATCH);
        assertEquals("3", record.get("total"));
        assertEquals("3", record.get("pending"));
        assertEquals("0", record.get("succeeded"));
        assertEquals(ON_SUCCESS, record.get("success_payload"));
        assertEquals(List.of(BATCH), scripts.redis.zrange(scripts.key("bgj:batches:open"), 0, -1));
        assertTrue(scripts.redis.sismember(scripts.key("queues"), "q"));
        assertEquals(3, scripts.redis.llen(scripts.key("bgj:wake:q")), "a wake token per job, up to the cap, as enqueue.lua gives");
    }

    @Test
    void aBatchSentTwiceIsRefusedTheSecondTimeWithNothingWritten() {
        send(BATCH, 2);
        Map<String, String> before = NamespaceDump.of(scripts);

        JedisDataException e = assertThrows(JedisDataException.class, () -> send(BATCH, 2));

        assertTrue(e.getMessage().contains("BGJ0171E"), e.getMessage());
        assertEquals(before, NamespaceDump.of(scripts));
    }

    @Test
    void aQueueOfAnotherTypeSendsNothing() {
        scripts.occupy(scripts.key("queue:cb"), "zset");
        Map<String, String> before = NamespaceDump.of(scripts);

        JedisDataException e = assertThrows(JedisDataException.class, () -> send(BATCH, 2));

        assertTrue(e.getMessage().contains("BGJ0172E: " + scripts.key("queue:cb") + " is a zset, not a list"), e.getMessage());
        assertEquals(before, NamespaceDump.of(scripts));
    }

    @Test
    void theLastEndPushesBothCallbacksOnceAndTheRecordExpires() {
        send(BATCH, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(), scripts.redis.lrange(scripts.key("queue:cb"), 0, -1), "no callback before the last end");
            assertEquals(1L, end(scripts.redis, "w1", job(BATCH, i), "succeeded"));
        }

        assertEquals(List.of(ON_SUCCESS, ON_COMPLETE), scripts.redis.lrange(scripts.key("queue:cb"), 0, -1));
        assertEquals("{\"status\":1}", scripts.redis.get(scripts.key("job:c1:status")), "a tracked callback is queued");
        Map<String, String> record = record(BATCH);
        assertEquals("0", record.get("pending"));
        assertEquals("3", record.get("succeeded"));
        assertEquals("success,complete", record.get("fired"));
        assertFalse(record.containsKey("success_payload"), "the pushed payloads are not kept");
        long ttl = scripts.redis.ttl(scripts.key("bgj:batch:" + BATCH));
        assertTrue(ttl > 0 && ttl <= 60, "ttl " + ttl);
        assertEquals(List.of(), scripts.redis.zrange(scripts.key("bgj:batches:open"), 0, -1));
        assertEquals(List.of(BATCH), scripts.redis.zrange(scripts.key("bgj:batches:done"), 0, -1));
    }

    @Test
    void aCancelledRunACancelledQueuedJobAndAnExpiredJobEachEndTheirBatchAsDead() {
        send(BATCH, 4);
        scripts.redis.del(scripts.key("queue:q"));
        // A run asked to stop, ended by finish.lua as cancelled.
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), job(BATCH, 0));
        List<String> cancelledEnd = new ArrayList<>(List.of("w1", job(BATCH, 0), "", "{}", "60", "cancelled",
                "29000000", "", scripts.key("bgj:cancel:j0"), "", "", "", "", "{\"status\":1}", "64"));
        assertEquals(1L, scripts.finish(cancelledEnd.toArray()));
        // A queued job that cancel.lua takes off its queue.
        scripts.redis.sadd(scripts.key("queues"), "q");
        scripts.redis.rpush(scripts.key("queue:q"), job(BATCH, 1));
        assertEquals("removed", scripts.run("cancel.lua", scripts.keys.forCancel("j1"), "j1", 60, 10_000));
        // A job past its deadline, which fetch.lua discards.
        scripts.redis.rpush(scripts.key("queue:q"), job(BATCH, 2).replace("}", ",\"expires_at\":\"1000\"}"));
        assertEquals(null, scripts.fetch("w2", "2026-12-01T00:00:00Z", "{\"status\":2}", 60, "0", "q"));
        assertEquals(List.of(), scripts.redis.lrange(scripts.key("queue:cb"), 0, -1), "one job is still pending");

        assertEquals(1L, end(scripts.redis, "w3", job(BATCH, 3), "succeeded"));

        Map<String, String> record = record(BATCH);
        assertEquals("0", record.get("pending"));
        assertEquals("3", record.get("dead"));
        assertEquals("1", record.get("succeeded"));
        assertEquals(List.of(ON_COMPLETE), scripts.redis.lrange(scripts.key("queue:cb"), 0, -1), "no success callback");
    }

    @Test
    void anEndSentTwiceIsCountedOnce() {
        send(BATCH, 2);
        end(scripts.redis, "w1", job(BATCH, 0), "succeeded");

        assertEquals(0L, endAgain(scripts.redis, "w1", job(BATCH, 0), "succeeded"), "the reply was lost; sent again");

        assertEquals("1", record(BATCH).get("pending"));
        assertEquals("1", record(BATCH).get("succeeded"));
    }

    @Test
    void aJobRetriedByHandFromTheFailedListIsNotCountedAgain() {
        send(BATCH, 2);
        end(scripts.redis, "w1", job(BATCH, 0), "failed");

        end(scripts.redis, "w1", job(BATCH, 0), "succeeded");

        Map<String, String> record = record(BATCH);
        assertEquals("1", record.get("pending"));
        assertEquals("1", record.get("dead"));
        assertEquals("0", record.get("succeeded"));
    }

    @Test
    void aRetryCountsAFailedRunAndEndsNothingWhileADeadJobKeepsTheSuccessCallbackBack() {
        send(BATCH, 2);
        end(scripts.redis, "w1", job(BATCH, 0), "retry");
        assertEquals("2", record(BATCH).get("pending"));
        assertEquals("1", record(BATCH).get("failed"));

        end(scripts.redis, "w1", job(BATCH, 0), "failed");
        end(scripts.redis, "w1", job(BATCH, 1), "succeeded");

        Map<String, String> record = record(BATCH);
        assertEquals("0", record.get("pending"));
        assertEquals("1", record.get("dead"));
        assertEquals("1", record.get("succeeded"));
        assertEquals("complete", record.get("fired"));
        assertEquals(List.of(ON_COMPLETE), scripts.redis.lrange(scripts.key("queue:cb"), 0, -1));
    }

    @Test
    void aPayloadNamingAnIndexOutsideItsBatchCountsNothing() {
        send(BATCH, 2);

        end(scripts.redis, "w1", job(BATCH, 2), "succeeded");
        end(scripts.redis, "w1", "{\"class\":\"A\",\"args\":[{\"bgj_batch\":\"" + BATCH + ":0\"}]}", "succeeded");

        assertEquals("2", record(BATCH).get("pending"));
    }

    @Test
    void theLastTwoEndsAtTheSameMomentOnTwoConnectionsPushEachCallbackOnce() throws Exception {
        int batches = 100;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (RedisClient other = RedisClient.create("127.0.0.1", Integer.getInteger("redis.port"))) {
            for (int b = 0; b < batches; b++) {
                String batch = String.format("%032x", b);
                send(batch, 2);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> first = threads.submit(() -> {
                    together.await();
                    return end(scripts.redis, "w1", job(batch, 0), "succeeded");
                });
                Future<?> second = threads.submit(() -> {
                    together.await();
                    return end(other, "w2", job(batch, 1), "succeeded");
                });
                assertEquals(1L, first.get(10, TimeUnit.SECONDS));
                assertEquals(1L, second.get(10, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        List<String> callbacks = scripts.redis.lrange(scripts.key("queue:cb"), 0, -1);
        assertEquals(2 * batches, callbacks.size());
        assertEquals(batches, callbacks.stream().filter(ON_SUCCESS::equals).count());
        assertEquals(batches, scripts.redis.zcard(scripts.key("bgj:batches:done")));
    }

    @Test
    void aChainsNextStepIsPushedOnceBySuccessAndNeverByFailure() {
        String step = "{\"class\":\"A\",\"args\":[],\"id\":\"j1\",\"bgj_chain\":[{}]}";
        String next = "{\"class\":\"B\",\"args\":[42],\"id\":\"j2\"}";
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), step);

        for (int call = 0; call < 2; call++) {
            scripts.finish("w1", step, "", "{}", 60, "succeeded", 29_000_000, "", "", "",
                    "next", next, scripts.key("job:j2:status"), "{\"status\":1}", 64);
        }
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), step);
        scripts.finish("w1", step, "", "{}", 60, "failed", 29_000_000, "", "{\"record\":1}", "",
                "next", next, "", "{\"status\":1}", 64);

        assertEquals(List.of(next), scripts.redis.lrange(scripts.key("queue:next"), 0, -1));
        assertEquals("{\"status\":1}", scripts.redis.get(scripts.key("job:j2:status")));
        assertEquals(1, scripts.redis.llen(scripts.key("bgj:wake:next")));
    }

    @Test
    void aNextStepsQueueOfAnotherTypeFailsTheEndWithNothingWritten() {
        String step = "{\"class\":\"A\",\"args\":[],\"id\":\"j1\"}";
        scripts.redis.rpush(scripts.key("bgj:inflight:w1"), step);
        scripts.occupy(scripts.key("queue:next"), "set");
        Map<String, String> before = NamespaceDump.of(scripts);

        assertThrows(JedisDataException.class, () -> scripts.finish("w1", step, "", "{}", 60,
                "succeeded", 29_000_000, "", "", "", "next", "{}", "", "{\"status\":1}", 64));

        assertEquals(before, NamespaceDump.of(scripts));
    }
}
