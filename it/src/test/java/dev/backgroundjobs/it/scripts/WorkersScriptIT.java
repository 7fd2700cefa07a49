package dev.backgroundjobs.it.scripts;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * register_worker.lua, unregister_worker.lua and prune_workers.lua on a real Redis. No call passes a
 * time: heartbeats are written relative to Redis's own TIME, so a test passes only when the script
 * judges them by Redis time.
 */
class WorkersScriptIT {

    static final String OUR_TIMEOUT = "60";
    static final String FOREIGN_TIMEOUT = "300";
    static final String HOST = "web1.defaultServer.shop";
    static final String OURS = HOST + ":4242-default-1:mail";
    static final String RUBY = "web1:3131:mail";
    static final String PAYLOAD = "{\"class\":\"SendMail\",\"args\":[12345678901234567890,{\"to\":\"a\\/b\"}]}";

    final Scripts scripts = new Scripts();

    @AfterEach
    void clean() {
        scripts.close();
    }

    @Nested
    class Heartbeats {

        /** Ruby writes Time#iso8601 in its process's zone; the same instant in any zone is the same age. */
        @ParameterizedTest
        @ValueSource(strings = {"-05:00", "+09:00", "Z", "+05:30", "-0800", "+0100", "+02"})
        void aForeignHeartbeatInAnyZoneIsJudgedByItsInstant(String zone) {
            long now = redisNow();
            foreignWorker("fresh:1:mail", iso(now - 200, zone, false));
            foreignWorker("stale:1:mail", iso(now - 301, zone, false));

            List<String> removed = removedIds(prune());

            assertEquals(List.of("stale:1:mail"), removed);
            assertTrue(scripts.redis.sismember(scripts.key("workers"), "fresh:1:mail"));
        }

        @Test
        void aFractionOfASecondIsRead() {
            long now = redisNow();
            foreignWorker("fresh:1:mail", iso(now - 200, "-05:00", true));
            foreignWorker("stale:1:mail", iso(now - 400, "+09:00", true));

            assertEquals(List.of("stale:1:mail"), removedIds(prune()));
        }

        /** Before the fix, '2026-…T10:00:00-05:00' (15:00 UTC) compared as the text '10:00' in UTC. */
        @Test
        void aLiveRubyWorkerWestOfUtcIsKeptAndADeadOneEastOfUtcIsPruned() {
            long now = redisNow();
            foreignWorker("west:1:mail", iso(now - 30, "-05:00", false));
            foreignWorker("east:1:mail", iso(now - 3600, "+09:00", false));

            assertEquals(List.of("east:1:mail"), removedIds(prune()));
            assertTrue(scripts.redis.sismember(scripts.key("workers"), "west:1:mail"));
        }

        @Test
        void aForeignWorker200SecondsSilentIsKeptAt301ItIsPruned() {
            long now = redisNow();
            foreignWorker("ruby:200:mail", iso(now - 200, "Z", false));
            foreignWorker("ruby:301:mail", iso(now - 301, "Z", false));

            assertEquals(List.of("ruby:301:mail"), removedIds(prune()));
        }

        @Test
        void oursArePrunedAfterTheWorkerTimeout() {
            long now = redisNow();
            register(OURS, HOST);
            register(HOST + ":4242-default-2:mail", HOST);
            scripts.redis.hset(scripts.key("workers:heartbeat"), OURS, iso(now - 61, "Z", false));
            scripts.redis.hset(scripts.key("workers:heartbeat"), HOST + ":4242-default-2:mail", iso(now - 59, "-05:00", false));

            assertEquals(List.of(OURS), removedIds(prune()));
            assertFalse(scripts.redis.sismember(scripts.key("bgj:workers"), OURS));
        }

        @Test
        void aHeartbeatThatIsNotATimeIsNeverJudgedStale() {
            foreignWorker("odd:1:mail", "yesterday");
            foreignWorker("local:1:mail", "2020-01-01T00:00:00");

            assertEquals(List.of(), removedIds(prune()));
        }

        @Test
        void ourHeartbeatsAreRedisTimeInUtc() {
            register(OURS, HOST);
            List<?> reply = prune(OURS);

            String beat = scripts.redis.hget(scripts.key("workers:heartbeat"), OURS);
            long age = redisNow() - Instant.parse(beat).getEpochSecond();
            assertTrue(age >= 0 && age <= 1, beat);
            assertTrue(beat.endsWith("Z"), beat);
            assertEquals(List.of(), reply.get(0));
        }
    }

    @Nested
    class Jobs {

        @Test
        void aPrunedForeignWorkersJobBecomesOneDirtyExitFailureWithItsPayload() {
            long now = redisNow();
            foreignWorker(RUBY, iso(now - 400, "-05:00", false));
            scripts.redis.set(scripts.key("worker:" + RUBY),
                    "{\"queue\":\"mail\",\"run_at\":\"2026-12-01T15:22:51Z\",\"payload\":" + PAYLOAD + "}");
            scripts.redis.set(scripts.key("worker:" + RUBY + ":started"), "2026-12-01 10:00:00 -0500");

            List<?> reply = prune();

            assertEquals(List.of(RUBY, "failed", 1L), reply.get(0));
            List<String> failed = scripts.redis.lrange(scripts.key("failed"), 0, -1);
            assertEquals(1, failed.size(), failed.toString());
            JsonObject record = json(failed.get(0));
            assertEquals("Resque::DirtyExit", record.getString("exception"));
            assertEquals("Job still being processed", record.getString("error"));
            assertEquals(0, record.getJsonArray("backtrace").size());
            assertEquals(RUBY, record.getString("worker"));
            assertEquals("mail", record.getString("queue"));
            assertEquals(json(PAYLOAD), record.getJsonObject("payload"));
            // Kept byte for byte: a number too large for a double stays as it was written.
            assertTrue(failed.get(0).contains("\"payload\":" + PAYLOAD), failed.get(0));
            LocalDateTime failedAt = LocalDateTime.parse(record.getString("failed_at"),
                    DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss 'UTC'"));
            long age = redisNow() - failedAt.toEpochSecond(ZoneOffset.UTC);
            assertTrue(age >= 0 && age <= 1, record.getString("failed_at"));
            assertGone(RUBY);
            assertEquals(0, scripts.redis.llen(scripts.key("queue:mail")), "Ruby has no in-flight list to put back");
        }

        @Test
        void anIdleForeignWorkerLeavesNothing() {
            foreignWorker(RUBY, iso(redisNow() - 400, "Z", false));

            assertEquals(List.of(RUBY, "none", 0L), prune().get(0));
            assertEquals(0, scripts.redis.llen(scripts.key("failed")));
            assertGone(RUBY);
        }

        @Test
        void oursGetTheirInFlightJobBackAtTheHeadOfTheQueueAndNoFailure() {
            register(OURS, HOST);
            running(OURS, "mail", PAYLOAD);
            scripts.redis.rpush(scripts.key("queue:mail"), "{\"class\":\"Later\",\"args\":[]}");
            scripts.redis.hset(scripts.key("workers:heartbeat"), OURS, iso(redisNow() - 61, "Z", false));

            assertEquals(List.of(OURS, "requeued", 1L), prune().get(0));
            assertEquals(PAYLOAD, scripts.redis.lindex(scripts.key("queue:mail"), 0));
            assertEquals(2, scripts.redis.llen(scripts.key("queue:mail")));
            assertEquals(0, scripts.redis.llen(scripts.key("failed")));
            assertGone(OURS);
        }

        /** An id registered before bgj:workers existed is still ours by its in-flight list. */
        @Test
        void aWorkerWithAnInFlightListIsOursEvenOutsideTheSet() {
            String legacy = "gone-host/s/app/default-1:7:mail";
            foreignWorker(legacy, iso(redisNow() - 400, "Z", false));
            running(legacy, "mail", PAYLOAD);

            assertEquals(List.of(legacy, "requeued", 1L), prune().get(0));
            assertEquals(List.of(PAYLOAD), scripts.redis.lrange(scripts.key("queue:mail"), 0, -1));
            assertEquals(0, scripts.redis.llen(scripts.key("failed")));
        }

        @Test
        void anInFlightJobWhoseQueueIsUnknownIsKeptNotDropped() {
            register(OURS, HOST);
            scripts.redis.rpush(scripts.key("bgj:inflight:" + OURS), PAYLOAD);
            scripts.redis.hset(scripts.key("workers:heartbeat"), OURS, iso(redisNow() - 61, "Z", false));

            assertEquals(List.of(OURS, "kept", 1L), prune().get(0));
            assertEquals(List.of(PAYLOAD), scripts.redis.lrange(scripts.key("bgj:inflight:" + OURS), 0, -1));
        }

        @Test
        void theSamePruneSentTwiceDoesNothingTheSecondTime() {
            long now = redisNow();
            foreignWorker(RUBY, iso(now - 400, "Z", false));
            scripts.redis.set(scripts.key("worker:" + RUBY), "{\"queue\":\"mail\",\"run_at\":\"x\",\"payload\":" + PAYLOAD + "}");
            register(OURS, HOST);
            running(OURS, "mail", PAYLOAD);
            scripts.redis.hset(scripts.key("workers:heartbeat"), OURS, iso(now - 61, "Z", false));

            assertEquals(Set.of(RUBY, OURS), Set.copyOf(removedIds(prune())));
            assertEquals(List.of(), prune().get(0));
            assertEquals(1, scripts.redis.llen(scripts.key("failed")));
            assertEquals(1, scripts.redis.llen(scripts.key("queue:mail")));
        }
    }

    @Nested
    class Registration {

        @Test
        void registerAddsTheWorkerAsOursWithRedisTimes() {
            assertEquals(0L, register(OURS, HOST));

            assertTrue(scripts.redis.sismember(scripts.key("workers"), OURS));
            assertTrue(scripts.redis.sismember(scripts.key("bgj:workers"), OURS));
            String started = scripts.redis.get(scripts.key("worker:" + OURS + ":started"));
            long age = redisNow() - Instant.parse(started).getEpochSecond();
            assertTrue(age >= 0 && age <= 1, started);
            assertEquals(started, scripts.redis.hget(scripts.key("workers:heartbeat"), OURS));
        }

        @Test
        void registerRemovesEarlierLivesOfTheSameLoopAndPutsTheirJobsBack() {
            String earlier = HOST + ":1111-default-1:mail";
            String otherLoop = HOST + ":1111-default-2:mail";
            String otherPool = HOST + ":1111-x-default-1:mail";
            String otherServer = "web1.otherServer.shop:1111-default-1:mail";
            for (String id : List.of(earlier, otherLoop, otherPool, otherServer)) {
                register(id, id.split(":")[0]);
            }
            running(earlier, "mail", PAYLOAD);

            assertEquals(1L, register(OURS, HOST));

            assertGone(earlier);
            assertEquals(List.of(PAYLOAD), scripts.redis.lrange(scripts.key("queue:mail"), 0, -1));
            assertEquals(Set.of(OURS, otherLoop, otherPool, otherServer), scripts.redis.smembers(scripts.key("workers")));
        }

        @Test
        void registerTwiceIsOneRegistration() {
            register(OURS, HOST);
            assertEquals(0L, register(OURS, HOST));
            assertEquals(Set.of(OURS), scripts.redis.smembers(scripts.key("workers")));
        }

        @Test
        void unregisterPutsTheJobBackAndRemovesEverything() {
            register(OURS, HOST);
            running(OURS, "mail", PAYLOAD);

            assertEquals(1L, scripts.run("unregister_worker.lua", scripts.keys.forWorkers(List.of(OURS)), OURS));
            assertEquals(0L, scripts.run("unregister_worker.lua", scripts.keys.forWorkers(List.of(OURS)), OURS));

            assertGone(OURS);
            assertEquals(List.of(PAYLOAD), scripts.redis.lrange(scripts.key("queue:mail"), 0, -1));
        }

        /** A network cut longer than the worker timeout: a peer prunes the loop, whose beat comes back. */
        @Test
        void aLiveWorkerPrunedByAPeerIsRegisteredAgainByItsBeat() {
            register(OURS, HOST);
            scripts.redis.hset(scripts.key("workers:heartbeat"), OURS, iso(redisNow() - 61, "Z", false));
            assertEquals(List.of(OURS), removedIds(prune()));
            assertFalse(scripts.redis.sismember(scripts.key("workers"), OURS));

            List<?> reply = prune(OURS);

            assertEquals(List.of(OURS), reply.get(1));
            assertTrue(scripts.redis.sismember(scripts.key("workers"), OURS));
            assertTrue(scripts.redis.sismember(scripts.key("bgj:workers"), OURS));
            assertNotNull(scripts.redis.hget(scripts.key("workers:heartbeat"), OURS));
            assertNotNull(scripts.redis.get(scripts.key("worker:" + OURS + ":started")));
            assertEquals(List.of(), prune(OURS).get(1), "registered again once");
        }

        /** Ruby's prune deletes workers and workers:heartbeat, not bgj:workers. */
        @Test
        void aLiveWorkerUnregisteredByARubyWorkerIsRegisteredAgain() {
            register(OURS, HOST);
            scripts.redis.srem(scripts.key("workers"), OURS);
            scripts.redis.hdel(scripts.key("workers:heartbeat"), OURS);

            assertEquals(List.of(OURS), prune(OURS).get(1));
            assertTrue(scripts.redis.sismember(scripts.key("workers"), OURS));
        }

        /** A loop that has not registered yet, or has just unregistered at stop, is not brought back. */
        @Test
        void aBeatNeverRegistersALoopThatIsNotRegistered() {
            register(OURS, HOST);
            scripts.run("unregister_worker.lua", scripts.keys.forWorkers(List.of(OURS)), OURS);

            List<?> reply = prune(OURS, HOST + ":4242-default-2:mail");

            assertEquals(List.of(), reply.get(1));
            assertEquals(Set.of(), scripts.redis.smembers(scripts.key("workers")));
            assertEquals(0, scripts.redis.hlen(scripts.key("workers:heartbeat")));
        }
    }

    List<?> prune(String... live) {
        Object[] args = new Object[2 + live.length];
        args[0] = OUR_TIMEOUT;
        args[1] = FOREIGN_TIMEOUT;
        System.arraycopy(live, 0, args, 2, live.length);
        return (List<?>) scripts.run("prune_workers.lua", scripts.keys.forWorkers(List.of(live)), args);
    }

    static List<String> removedIds(List<?> reply) {
        List<?> removed = (List<?>) reply.get(0);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < removed.size(); i += 3) {
            ids.add((String) removed.get(i));
        }
        return ids;
    }

    Object register(String id, String host) {
        return scripts.run("register_worker.lua", scripts.keys.forWorkers(List.of(id)), id, host);
    }

    /** What a Ruby worker writes: its registration and its heartbeat. */
    void foreignWorker(String id, String heartbeat) {
        scripts.redis.sadd(scripts.key("workers"), id);
        scripts.redis.hset(scripts.key("workers:heartbeat"), id, heartbeat);
    }

    /** What fetch.lua leaves while one of our workers runs a job. */
    void running(String id, String queue, String payload) {
        scripts.redis.rpush(scripts.key("bgj:inflight:" + id), payload);
        scripts.redis.set(scripts.key("worker:" + id), "{\"queue\":\"" + queue + "\",\"run_at\":\"x\",\"payload\":" + payload + "}");
    }

    void assertGone(String id) {
        assertFalse(scripts.redis.sismember(scripts.key("workers"), id));
        assertFalse(scripts.redis.sismember(scripts.key("bgj:workers"), id));
        assertNull(scripts.redis.hget(scripts.key("workers:heartbeat"), id));
        assertFalse(scripts.redis.exists(scripts.key("worker:" + id)));
        assertFalse(scripts.redis.exists(scripts.key("worker:" + id + ":started")));
        assertFalse(scripts.redis.exists(scripts.key("bgj:inflight:" + id)));
    }

    long redisNow() {
        return Long.parseLong((String) scripts.redis.eval("return redis.call('TIME')[1]"));
    }

    /** An instant, seconds since the epoch, written as ISO-8601 in the zone, e.g. "-05:00", "+0100" or "Z". */
    static String iso(long epochSecond, String zone, boolean fraction) {
        ZoneOffset offset = zone.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(zone.length() == 5
                ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
        OffsetDateTime time = Instant.ofEpochSecond(epochSecond).atOffset(offset);
        String text = time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + (fraction ? ".123456" : "");
        return text + (zone.equals("Z") ? "Z" : zone);
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
