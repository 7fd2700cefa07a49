package dev.backgroundjobs.it.retries;

import dev.backgroundjobs.FailedJob;
import dev.backgroundjobs.FailedJobs;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobState;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Recorder;
import dev.backgroundjobs.it.support.TestRedis;
import dev.backgroundjobs.internal.worker.WorkerSupervisor;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures on a real server and Redis: retries with growing delays, the failed list after the last
 * attempt, exceptions that fail at once, job status, the failed-jobs API and timeouts.
 */
@ExtendWith(ArquillianExtension.class)
class RetryIT {

    static final String NS = "it-retry";
    static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("retries")
                .addClasses(FlakyJob.class, DoomedJob.class, SlowJob.class, QuickJob.class, Recorder.class,
                        TestRedis.class, Await.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.pools=retries,slow",
                        "background-jobs.pool.retries.queues=retries",
                        "background-jobs.pool.retries.concurrency=2",
                        "background-jobs.pool.slow.queues=slow",
                        "background-jobs.pool.slow.concurrency=1",
                        // Each attempt's status is followed: RETRYING, RUNNING, SUCCEEDED or FAILED.
                        "background-jobs.track-status=all",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Inject
    JobQueue jobs;

    @Inject
    FailedJobs failed;

    @Inject
    Recorder recorder;


    @Test
    void aJobFailingTwiceThenSucceedingRunsThreeTimesWithGrowingDelays() throws Exception {
        String id = jobs.enqueue(FlakyJob.class, "flaky", 2);

        List<Object> runs = recorder.await("flaky", 3, WAIT);
        Await.until("status succeeded", WAIT, () -> jobs.status(id).map(s -> s.state() == JobState.SUCCEEDED).orElse(false));
        long firstGap = Duration.ofNanos((Long) runs.get(1) - (Long) runs.get(0)).toMillis();
        long secondGap = Duration.ofNanos((Long) runs.get(2) - (Long) runs.get(1)).toMillis();
        // backoff 500 ms, doubled, with up to 25% jitter either way: 375-625 ms, then 750-1250 ms.
        assertTrue(firstGap >= 350 && firstGap < 1_000, "first retry after " + firstGap + " ms");
        assertTrue(secondGap >= 700 && secondGap < 2_000, "second retry after " + secondGap + " ms");
        assertTrue(secondGap > firstGap, firstGap + " ms then " + secondGap + " ms");
        Thread.sleep(1_500);
        assertEquals(3, recorder.entries("flaky").size(), "no run after the success");
    }

    @Test
    void aJobThatAlwaysFailsLandsInTheFailedListAfterItsLastAttempt() throws Exception {
        String id = jobs.enqueue(DoomedJob.class, "doomed", false);

        recorder.await("doomed", 3, WAIT);
        FailedJob failure = awaitFailure(id);
        assertEquals(3, failure.attempts());
        assertEquals("DoomedJob", failure.jobName());
        assertEquals("retries", failure.queue());
        assertEquals(IllegalStateException.class.getName(), failure.exception());
        assertEquals("always fails: doomed", failure.error());
        assertTrue(failure.backtrace().get(0).contains("DoomedJob.perform"), failure.backtrace().toString());
        assertTrue(failure.failedAt().matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"), failure.failedAt());
        assertTrue(failure.worker().matches("[^:/]+:\\d+-retries-\\d+:retries"), failure.worker());
        JsonObject record = Json.createReader(new StringReader(failure.record())).readObject();
        assertEquals(2, record.getJsonObject("payload").getInt("attempts"), "the payload of the last run");
        assertEquals(JobState.FAILED, jobs.status(id).orElseThrow().state());
        Thread.sleep(1_000);
        assertEquals(3, recorder.entries("doomed").size(), "no fourth run");
    }

    @Test
    void anExceptionThatIsNotRetriedFailsAtOnce() throws Exception {
        String id = jobs.enqueue(DoomedJob.class, "bad-input", true);

        FailedJob failure = awaitFailure(id);
        assertEquals(1, failure.attempts());
        assertEquals(IllegalArgumentException.class.getName(), failure.exception());
        Thread.sleep(1_000);
        assertEquals(1, recorder.entries("bad-input").size());
    }

    @Test
    void statusFollowsTheJob() throws Exception {
        assertEquals(Optional.empty(), jobs.status("00000000000000000000000000000000"));
        String id = jobs.enqueue(QuickJob.class, "status");
        recorder.await("status", 1, WAIT);
        Await.until("status succeeded", WAIT, () -> jobs.status(id).map(s -> s.state() == JobState.SUCCEEDED).orElse(false));
        try (RedisClient redis = TestRedis.connect()) {
            JsonObject status = Json.createReader(new StringReader(redis.get(NS + ":job:" + id + ":status"))).readObject();
            assertEquals(4, status.getInt("status"), "PHP-Resque's 'complete'");
            assertTrue(redis.ttl(NS + ":job:" + id + ":status") > 0, "the status expires");
        }
    }

    @Test
    void failedJobsCanBeListedRetriedAndDeleted() throws Exception {
        failed.clear();
        String first = jobs.enqueue(DoomedJob.class, "api-1", true);
        String second = jobs.enqueue(DoomedJob.class, "api-2", true);
        String third = jobs.enqueue(DoomedJob.class, "api-3", true);
        awaitFailure(first);
        awaitFailure(second);
        awaitFailure(third);
        assertEquals(3, failed.count());
        assertEquals(2, failed.list(0, 2).size());
        assertEquals(1, failed.list(2, 10).size());

        FailedJob toRetry = failureOf(first).orElseThrow();
        assertTrue(failed.retry(toRetry));
        recorder.await("api-1", 2, WAIT);
        assertFalse(failed.retry(toRetry), "the record is gone from where it was");
        FailedJob again = awaitFailure(first);
        assertEquals(1, again.attempts(), "a retried job starts with a fresh count");

        assertTrue(failed.delete(failureOf(second).orElseThrow()));
        assertTrue(failureOf(second).isEmpty());

        int retried = failed.retryAll();
        assertEquals(2, retried);
        recorder.await("api-3", 2, WAIT);
        recorder.await("api-1", 3, WAIT);
        failed.clear();
        assertEquals(0, failed.count());
    }

    @Test
    void aJobPastItsTimeoutIsInterruptedAndRecordedAsFailed() throws Exception {
        String id = jobs.enqueue(SlowJob.class, "sleepy", false);

        FailedJob failure = awaitFailure(id);
        assertEquals("dev.backgroundjobs.internal.worker.JobTimeoutException", failure.exception());
        assertTrue(failure.error().startsWith("BGJ0033E: job SlowJob ran longer than its timeout of PT0.5S"),
                failure.error());
    }

    @Test
    void aJobIgnoringTheInterruptDoesNotHoldItsWorker() throws Exception {
        String id = jobs.enqueue(SlowJob.class, "stubborn", true);
        recorder.await("stubborn", 1, WAIT);
        jobs.enqueue(QuickJob.class, "after-stubborn");

        awaitFailure(id);
        recorder.await("after-stubborn", 1, WAIT);
        assertEquals(List.of("started"), recorder.entries("stubborn"), "still spinning, yet the loop went on");
        List<String> stuck = supervisor().stuckRuns();
        assertEquals(1, stuck.size(), "liveness data lists the run that holds a thread: " + stuck);
        assertTrue(stuck.get(0).startsWith("SlowJob on "), stuck.get(0));
        recorder.gate("stubborn").countDown();
        recorder.await("stubborn", 2, WAIT);
        Await.until("the stuck run is gone from health data once it ends", WAIT, () -> supervisor().stuckRuns().isEmpty());
    }

    private FailedJob awaitFailure(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<FailedJob> failure = failureOf(jobId);
            if (failure.isPresent()) {
                return failure.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + jobId + " never reached the failed list");
    }

    private Optional<FailedJob> failureOf(String jobId) {
        return failed.list(0, 1_000).stream().filter(f -> jobId.equals(f.jobId())).findFirst();
    }

    /**
     * Looked up in the container rather than injected: applications may not inject the module's
     * internals (BGJ0106E), and this test reaches into them on purpose.
     */
    private static WorkerSupervisor supervisor() {
        return CDI.current().select(WorkerSupervisor.class).get();
    }
}
