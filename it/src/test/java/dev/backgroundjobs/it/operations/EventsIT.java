package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.JobDead;
import dev.backgroundjobs.JobEnqueued;
import dev.backgroundjobs.JobFailed;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRetried;
import dev.backgroundjobs.JobStarted;
import dev.backgroundjobs.JobState;
import dev.backgroundjobs.JobSucceeded;
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
        JobEnqueued enqueued = assertInstanceOf(JobEnqueued.class, events.get(0));
        assertEquals(List.of("fine", false), enqueued.arguments());
        assertEquals("EventfulJob", enqueued.jobName());
        assertEquals("events", enqueued.queue());
        assertTrue(enqueued.runAt().isEmpty());
        JobStarted started = assertInstanceOf(JobStarted.class, events.get(1));
        assertEquals(1, started.attempt());
        assertEquals(List.of("fine", false), started.arguments());
        assertTrue(started.queueWait().compareTo(Duration.ofSeconds(5)) < 0, started.toString());
        JobSucceeded succeeded = assertInstanceOf(JobSucceeded.class, events.get(2));
        assertEquals(id, succeeded.jobId());
        assertTrue(!succeeded.duration().isNegative(), succeeded.toString());
    }

    @Test
    void aFailingJobIsRetriedThenDeadAndAsynchronousObserversHearOfIt() throws Exception {
        String id = jobs.enqueue(EventfulJob.class, "doomed", true);

        List<Object> events = recorder.await(id, 7, WAIT);
        assertEquals(List.of(JobEnqueued.class, JobStarted.class, JobFailed.class, JobRetried.class, JobStarted.class,
                JobFailed.class, JobDead.class), events.stream().map(Object::getClass).toList());
        JobFailed firstFailure = (JobFailed) events.get(2);
        assertEquals("failing as asked: doomed", firstFailure.failure().getMessage());
        assertEquals(1, firstFailure.attempt());
        JobRetried retried = (JobRetried) events.get(3);
        assertTrue(retried.nextAttemptAt().isAfter(java.time.Instant.now().minusSeconds(10)), retried.toString());
        assertEquals(2, ((JobStarted) events.get(4)).attempt());
        JobDead dead = (JobDead) events.get(6);
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
}
