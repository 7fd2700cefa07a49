package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.event.JobDead;
import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.event.JobFailed;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.event.JobRetried;
import dev.backgroundjobs.event.JobStarted;
import dev.backgroundjobs.JobState;
import dev.backgroundjobs.event.JobSucceeded;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lifecycle events as an application observes them: in order, with the job's id, name, queue,
 * arguments and times; an observer that throws breaks nothing; asynchronous observers are served.
 */
@ExtendWith(ArquillianExtension.class)
class EventsIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("events")
                .addClasses(EventfulJob.class, EventTrail.class, ThrowingObserver.class, Recorder.class, Await.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-events",
                        "background-jobs.pool.default.queues=events",
                        "background-jobs.pool.default.concurrency=2",
                        "background-jobs.track-status=all",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;

    @Inject
    UserTransaction transaction;

    @Test
    void aSuccessfulJobIsEnqueuedStartedAndSucceededDespiteAnObserverThatThrows() throws Exception {
        String id = jobs.enqueue(EventfulJob.class, "fine", false);

        List<Object> events = recorder.await(id, 3, WAIT);
        Await.until("status succeeded", WAIT, () -> jobs.status(id).map(s -> s.state() == JobState.SUCCEEDED).orElse(false));
        JobEnqueued enqueued = enqueued(events);
        assertEquals(List.of("fine", false), enqueued.arguments());
        assertEquals("EventfulJob", enqueued.jobName());
        assertEquals("events", enqueued.queue());
        assertTrue(enqueued.runAt().isEmpty());
        List<Object> run = runEvents(events);
        assertEquals(2, run.size(), run.toString());
        JobStarted started = assertInstanceOf(JobStarted.class, run.get(0));
        assertEquals(1, started.attempt());
        assertEquals(List.of("fine", false), started.arguments());
        assertTrue(started.queueWait().compareTo(Duration.ofSeconds(5)) < 0, started.toString());
        JobSucceeded succeeded = assertInstanceOf(JobSucceeded.class, run.get(1));
        assertEquals(id, succeeded.jobId());
        assertTrue(!succeeded.duration().isNegative(), succeeded.toString());
    }

    @Test
    void aFailingJobIsRetriedThenDeadAndAsynchronousObserversHearOfIt() throws Exception {
        String id = jobs.enqueue(EventfulJob.class, "doomed", true);

        List<Object> all = recorder.await(id, 7, WAIT);
        assertEquals(List.of("doomed", true), enqueued(all).arguments());
        List<Object> events = runEvents(all);
        assertEquals(List.of(JobStarted.class, JobFailed.class, JobRetried.class, JobStarted.class,
                JobFailed.class, JobDead.class), events.stream().map(Object::getClass).toList());
        JobFailed firstFailure = (JobFailed) events.get(1);
        assertEquals("failing as asked: doomed", firstFailure.failure().getMessage());
        assertEquals(1, firstFailure.attempt());
        JobRetried retried = (JobRetried) events.get(2);
        assertTrue(retried.nextAttemptAt().isAfter(java.time.Instant.now().minusSeconds(10)), retried.toString());
        assertEquals(2, ((JobStarted) events.get(3)).attempt());
        JobDead dead = (JobDead) events.get(5);
        assertEquals(2, dead.attempts());
        assertEquals(List.of("doomed", true), dead.arguments());
        assertTrue(recorder.await("async-dead", 1, WAIT).contains(id));
    }

    @Test
    void aJobEnqueuedInATransactionThatRollsBackAnnouncesNothing() throws Exception {
        transaction.begin();
        String id = jobs.enqueue(EventfulJob.class, "rolled back", false);
        transaction.rollback();
        String committed;
        transaction.begin();
        committed = jobs.enqueue(EventfulJob.class, "committed", false);
        assertTrue(recorder.entries(committed).isEmpty(), "nothing announced before the commit");
        transaction.commit();

        recorder.await(committed, 3, WAIT);
        assertTrue(recorder.entries(id).isEmpty(), "rolled back: " + recorder.entries(id));
    }

    /**
     * The one JobEnqueued among a job's events. It is published by the thread that sent the job, once
     * Redis took it, so a quick worker's JobStarted may be recorded before it: the two threads' events
     * have no order between them.
     */
    private static JobEnqueued enqueued(List<Object> events) {
        List<Object> enqueued = events.stream().filter(JobEnqueued.class::isInstance).toList();
        assertEquals(1, enqueued.size(), events.toString());
        return (JobEnqueued) enqueued.get(0);
    }

    /** The events the worker published, in the order it published them. */
    private static List<Object> runEvents(List<Object> events) {
        return events.stream().filter(event -> !(event instanceof JobEnqueued)).toList();
    }
}
