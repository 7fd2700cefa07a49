package dev.backgroundjobs.it.context;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobState;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job's JobContext on a real server and Redis: who it is, which attempt, progress and cancellation. */
@ExtendWith(ArquillianExtension.class)
class JobContextIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("context")
                .addClasses(ContextJob.class, SeenRun.class, CancellableJob.class, CancellableJob.Steps.class,
                        TrackedCancellableJob.class, ContextOutsideRunBean.class,
                        OutOfBoundsProgressJob.class,
                        Recorder.class, Await.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-context",
                        "background-jobs.pools=context,long",
                        "background-jobs.pool.context.queues=context",
                        "background-jobs.pool.long.queues=context-long",
                        "background-jobs.track-status=ContextJob",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;

    @Inject
    ContextOutsideRunBean outside;

    @Test
    void aJobKnowsItsIdNameQueueAndAttemptAcrossARetry() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String id = jobs.enqueue(ContextJob.class, "retried", 1);

        List<Object> runs = recorder.await("retried", 2, WAIT);

        SeenRun first = (SeenRun) runs.get(0);
        SeenRun second = (SeenRun) runs.get(1);
        assertEquals(new SeenRun(id, "ContextJob", "context", 1, 3, first.enqueuedAt()), first);
        assertEquals(new SeenRun(id, "ContextJob", "context", 2, 3, first.enqueuedAt()), second,
                "the retry is the same job, one attempt later, enqueued when the first was");
        assertNotNull(first.enqueuedAt());
        assertFalse(first.enqueuedAt().isBefore(before), first.enqueuedAt() + " is before " + before);
        assertFalse(first.enqueuedAt().isAfter(Instant.now()), first.enqueuedAt() + " is in the future");
        Await.until("the second attempt succeeded", WAIT,
                () -> jobs.status(id).map(JobStatus::state).orElse(null) == JobState.SUCCEEDED);
    }

    /** A tracked job: its status and last progress stay after it ended. */
    @Test
    void progressIsSeenInTheStatusWhileTheJobRuns() throws Exception {
        String id = jobs.enqueue(TrackedCancellableJob.class, "progress", 40);
        assertTrue(jobs.status(id).isPresent(), "a tracked job has a status from its enqueue");

        Await.until("some progress is reported", WAIT, () -> jobs.status(id)
                .map(status -> status.progress() != null && status.progress().percent() > 0
                        && status.progress().percent() < 100 && status.state() == JobState.RUNNING)
                .orElse(false));
        JobStatus.Progress seen = jobs.status(id).orElseThrow().progress();
        assertTrue(seen.message().matches("step \\d+ of 40"), seen.message());
        assertNotNull(seen.reportedAt());

        assertEquals(List.of("done"), recorder.await("progress", 1, WAIT));
        Await.until("the job succeeded", WAIT,
                () -> jobs.status(id).map(JobStatus::state).orElse(null) == JobState.SUCCEEDED);
        assertEquals(100, jobs.status(id).orElseThrow().progress().percent(), "the last report stays");
    }

    /**
     * An untracked job has a status only while it runs, found in its worker's current job, with its
     * progress; before and after, none.
     */
    @Test
    void anUntrackedJobShowsItsRunAndProgressWhileItRunsAndNothingAfter() throws Exception {
        String id = jobs.enqueue(CancellableJob.class, "untracked", 40);

        Await.until("some progress is reported", WAIT, () -> jobs.status(id)
                .map(status -> status.progress() != null && status.progress().percent() > 0
                        && status.state() == JobState.RUNNING && status.started() != null)
                .orElse(false));

        assertEquals(List.of("done"), recorder.await("untracked", 1, WAIT));
        Await.until("the run's status and progress are gone", WAIT, () -> jobs.status(id).isEmpty());
    }

    @Test
    void aRunningJobAskedToCancelSeesItAndStops() throws Exception {
        String id = jobs.enqueue(CancellableJob.class, "cancel", 2_000);
        Await.until("the job runs", WAIT,
                () -> jobs.status(id).map(JobStatus::state).orElse(null) == JobState.RUNNING);

        assertTrue(jobs.cancel(id), "a running job can be asked to stop");

        String ended = (String) recorder.await("cancel", 1, WAIT).get(0);
        assertTrue(ended.startsWith("cancelled after "), ended);
        // Untracked, yet the canceller finds how the run ended: one status key per cancel.
        Await.until("the run ended cancelled", WAIT,
                () -> jobs.status(id).map(JobStatus::state).orElse(null) == JobState.CANCELLED);
        assertFalse(jobs.cancel(id), "a job that ended cannot be cancelled");
    }

    @Test
    void progressOutOfBoundsIsRefusedNamingTheValue() throws Exception {
        jobs.enqueue(OutOfBoundsProgressJob.class, "bounds");

        assertEquals(List.of("BGJ0108E: progress 101% is not between 0 and 100",
                "BGJ0108E: progress -1% is not between 0 and 100",
                "BGJ0108E: a progress message of 1001 characters is longer than 1000"),
                recorder.await("bounds", 3, WAIT));
    }

    @Test
    void aJobContextUsedOutsideARunSaysSo() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, outside::jobId);

        assertTrue(refused.getMessage().startsWith("BGJ0107E: JobContext was used on thread "), refused.getMessage());
    }
}
