package dev.backgroundjobs.it.workers;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Recorder;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worker behaviour on a real server and a real Redis: running, sharing, ordering, failing, foreign payloads. */
@ExtendWith(ArquillianExtension.class)
class WorkerIT {

    static final String NS = "it-workers";
    static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("workers")
                .addPackage(WorkerIT.class.getPackage())
                .addClasses(Recorder.class, TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.pools=shared,ordered,misc",
                        "background-jobs.pool.shared.queues=shared",
                        "background-jobs.pool.shared.concurrency=4",
                        "background-jobs.pool.ordered.queues=prio-high,prio-low",
                        "background-jobs.pool.ordered.concurrency=1",
                        "background-jobs.pool.misc.queues=typed,misc,harness",
                        "background-jobs.pool.misc.concurrency=2",
                        // Fails for good at once, so the failed record can be checked right away.
                        "background-jobs.job.FailingJob.max-attempts=1",
                        // Long enough that a pickup within it proves workers are woken, not polling.
                        "background-jobs.poll-interval=5s")), "META-INF/microprofile-config.properties");
    }

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;

    RedisClient redis;

    // Per test, not @BeforeAll: static callbacks run in the client JVM, these tests run in the server.
    @BeforeEach
    void connect() {
        redis = TestRedis.connect();
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void jobRunsWithInjectedBeansAndTypedArguments() throws Exception {
        Address home = new Address("Main Street", 1, "Springfield");
        List<Address> others = List.of(new Address("Elm", 2, "Shelbyville"));
        Map<String, Integer> scores = Map.of("a", 1, "b", 2);
        Instant at = Instant.parse("2026-11-27T10:15:30Z");

        String id = jobs.enqueue(TypedArgumentsJob.class, 42L, home, others, scores, at, Color.GREEN);

        assertTrue(id.matches("[0-9a-f]{32}"), id);
        List<Object> seen = awaitRecorded("typed", 1, WAIT);
        assertEquals(List.of(42L, home, others, scores, at, Color.GREEN, "hello job"), seen.get(0));
    }

    @Test
    void aTransactionalJobRunsInATransaction() throws Exception {
        jobs.enqueue(TransactionalJob.class, "tx");

        assertEquals(List.of("tx in a transaction"), awaitRecorded("transactional", 1, WAIT));
    }

    @Test
    void workersSharingAQueueRunEachJobOnce() throws Exception {
        List<JobRequest> batch = IntStream.range(0, 300)
                .mapToObj(i -> JobRequest.of(CountingJob.class, i, "shared-once")).toList();

        List<String> ids = jobs.enqueueAll(batch);

        assertEquals(300, new HashSet<>(ids).size());
        List<Object> numbers = awaitRecorded("shared-once", 300, WAIT);
        Thread.sleep(500); // a duplicate would show up after the 300th
        numbers = recorder.entries("shared-once");
        assertEquals(300, numbers.size(), "every job exactly once");
        assertEquals(300, new HashSet<>(numbers).size());
        Set<Object> threads = new HashSet<>(recorder.entries("shared-once-threads"));
        assertTrue(threads.size() > 1, "several loops took part: " + threads);
        assertEquals(0, redis.llen(NS + ":queue:shared"));
    }

    @Test
    void queuesAreTakenInPriorityOrderAndTheRunningJobIsRecorded() throws Exception {
        jobs.enqueue(BlockingJob.class, "priority");
        awaitRecorded("priority-started", 1, WAIT);
        for (int i = 1; i <= 3; i++) {
            jobs.enqueue(OrderedJob.class, "low-" + i);
        }
        for (int i = 1; i <= 3; i++) {
            jobs.enqueue(JobRequest.of(OrderedJob.class, "high-" + i).toQueue("prio-high"));
        }

        String orderedWorker = workerIds().stream().filter(id -> id.matches("[^:/]+:\\d+-ordered-1:.*")).findFirst().orElseThrow();
        JsonObject working = json(redis.get(NS + ":worker:" + orderedWorker));
        recorder.gate("priority").countDown();

        assertEquals("prio-high", working.getString("queue"));
        assertNotNull(Instant.parse(working.getString("run_at")));
        assertEquals("BlockingJob", working.getJsonObject("payload").getString("class"));
        assertEquals(List.of("high-1", "high-2", "high-3", "low-1", "low-2", "low-3"), awaitRecorded("order", 6, WAIT));
    }

    @Test
    void anIdleWorkerPicksUpAJobAtOnce() throws Exception {
        long started = System.nanoTime();
        jobs.enqueue(CountingJob.class, 1, "shared-pickup");
        awaitRecorded("shared-pickup", 1, WAIT);
        Duration pickup = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(pickup.compareTo(Duration.ofMillis(1000)) < 0,
                "picked up after " + pickup + ", well under the 5 s poll interval");
    }

    @Test
    void aFailingJobIsRecordedAsResqueDoesAndTheWorkerGoesOn() throws Exception {
        long failedBefore = counter(NS + ":stat:failed");
        long processedBefore = counter(NS + ":stat:processed");

        String id = jobs.enqueue(FailingJob.class, "deliberate failure");
        jobs.enqueue(JobRequest.named("Adder", 2, 3).toQueue("misc"));

        awaitEntry("sum", 5);
        JsonObject failure = lastFailureOf(id);
        assertEquals(IllegalStateException.class.getName(), failure.getString("exception"));
        assertEquals("deliberate failure", failure.getString("error"));
        assertEquals("misc", failure.getString("queue"));
        assertTrue(failure.getString("worker").matches("[^:/]+:\\d+-misc-\\d+:typed,misc,harness"), failure.toString());
        assertTrue(failure.getString("failed_at").matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"), failure.toString());
        assertTrue(failure.getJsonArray("backtrace").getString(0).contains("FailingJob.perform"), failure.toString());
        assertEquals("FailingJob", failure.getJsonObject("payload").getString("class"));
        assertEquals(failedBefore + 1, counter(NS + ":stat:failed"));
        assertTrue(counter(NS + ":stat:processed") >= processedBefore + 2);
    }

    @Test
    void payloadsThatCannotRunAreRecordedAsFailedAndNotRetried() throws Exception {
        long failedBefore = redis.llen(NS + ":failed");
        redis.rpush(NS + ":queue:misc", "this is not json",
                "{\"class\":\"NoSuchJob\",\"args\":[]}",
                "{\"class\":\"Adder\",\"args\":[\"one\",\"two\"]}",
                "{\"class\":\"Adder\",\"args\":[20,22]}");

        awaitEntry("sum", 42);
        // Two loops share the queue: the good job may end before the last bad one is recorded.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (redis.llen(NS + ":failed") < failedBefore + 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<JsonObject> failures = new ArrayList<>();
        for (String record : redis.lrange(NS + ":failed", failedBefore, -1)) {
            failures.add(json(record));
        }
        assertEquals(3, failures.size(), failures.toString());
        // ... and the records may come in either order.
        JsonObject notJson = failureWithError(failures, "BGJ0030E");
        assertEquals("this is not json", notJson.getString("payload"));
        assertTrue(failureWithError(failures, "BGJ0031E").getString("error").contains("NoSuchJob"));
        JsonObject unbindable = failureWithError(failures, "BGJ0032E");
        assertTrue(unbindable.getString("error").contains("parameter 1 (left)"), unbindable.toString());
        assertEquals(0, redis.llen(NS + ":queue:misc"));
    }

    @Test
    void payloadsWrittenByPhpResqueRun() throws Exception {
        // Byte for byte what PHP-Resque wrote (shared/fixtures/resque-wire-samples.md), and a minimal one.
        redis.sadd(NS + ":queues", "harness");
        redis.rpush(NS + ":queue:harness",
                "{\"class\":\"Harness_Record\",\"args\":[{\"harness\":\"record\",\"nested\":{\"a\":[1,2.5,\"x\"],\"b\":null,\"t\":true},\"seq\":0}],\"id\":\"65409f246a43970a3835b3b838cf7281\",\"prefix\":\"\",\"queue_time\":1795768027.513146}",
                "{\"class\":\"Harness_Record\",\"args\":[{\"from\":\"java\",\"path\":\"a\\/b\"}],\"id\":\"java-0001\"}");

        List<Object> runs = awaitRecorded("php", 2, WAIT);
        // Two loops read the harness queue, so the jobs may end in either order.
        @SuppressWarnings("unchecked")
        Map<String, Object> phpWritten = (Map<String, Object>) runs.stream()
                .filter(run -> ((Map<?, ?>) run).containsKey("harness"))
                .findFirst().orElseThrow(() -> new AssertionError("no run of the PHP-Resque payload: " + runs));
        assertEquals("record", phpWritten.get("harness"));
        assertEquals(0, ((Number) phpWritten.get("seq")).intValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) phpWritten.get("nested");
        assertEquals(Boolean.TRUE, nested.get("t"));
        assertTrue(runs.contains(Map.of("from", "java", "path", "a/b")), runs.toString());
    }

    @Test
    void everyLoopIsRegisteredAsAResqueWorker() {
        List<String> ids = workerIds();
        assertEquals(7, ids.size(), ids.toString());
        long pid = ProcessHandle.current().pid();
        for (String id : ids) {
            String[] fields = id.split(":");
            assertEquals(3, fields.length, id);
            // host.server.app:PID-pool-N:queues (WorkerIds): no '/', so resque-web routes to it.
            assertFalse(id.contains("/"), id);
            assertTrue(fields[1].matches(pid + "-[A-Za-z0-9_-]+-[0-9]+"), id);
            assertNotNull(redis.get(NS + ":worker:" + id + ":started"), id);
            assertNotNull(redis.hget(NS + ":workers:heartbeat", id), id);
        }
        assertTrue(ids.stream().anyMatch(id -> id.endsWith(":prio-high,prio-low")), ids.toString());
    }

    /** Waits for a topic; on time-out, says what Redis holds, so a job that failed shows why. */
    private List<Object> awaitRecorded(String topic, int count, Duration timeout) throws InterruptedException {
        try {
            return recorder.await(topic, count, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nkeys: " + redis.keys(NS + ":*") + "\nfailed: "
                    + redis.lrange(NS + ":failed", 0, -1), e);
        }
    }

    private void awaitEntry(String topic, Object expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!recorder.entries(topic).contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(topic + " never recorded " + expected + ": " + recorder.entries(topic));
            }
            Thread.sleep(20);
        }
    }

    private static JsonObject failureWithError(List<JsonObject> failures, String messageId) {
        return failures.stream().filter(f -> f.getString("error").startsWith(messageId)).findFirst()
                .orElseThrow(() -> new AssertionError("no failure " + messageId + " in " + failures));
    }

    private List<String> workerIds() {
        return new ArrayList<>(redis.smembers(NS + ":workers"));
    }

    private JsonObject lastFailureOf(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String record : redis.lrange(NS + ":failed", 0, -1)) {
                JsonObject failure = json(record);
                JsonObject payload = failure.get("payload") instanceof JsonObject p ? p : null;
                if (payload != null && jobId.equals(payload.getString("id", null))) {
                    return failure;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no failure recorded for job " + jobId);
    }

    private long counter(String key) {
        String value = redis.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
