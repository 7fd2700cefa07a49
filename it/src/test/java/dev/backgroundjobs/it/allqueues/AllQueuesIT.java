package dev.backgroundjobs.it.allqueues;

import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Recorder;
import dev.backgroundjobs.it.support.TestRedis;
import dev.backgroundjobs.internal.redis.PauseStore;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool on '*' takes from every queue, in alphabetical order as Resque does; jobs from producers that
 * wake nobody are found within the poll interval. The pool runs on an executor named in configuration
 * (a wrong name fails the deployment, see DeploymentFailureIT).
 */
@ExtendWith(ArquillianExtension.class)
class AllQueuesIT {

    static final String NS = "it-all";
    static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("allqueues")
                .addClasses(LabelJob.class, Recorder.class, TestRedis.class)
                .addAsLibrary(ShrinkWrap.create(JavaArchive.class, "jobs-library.jar")
                        .addClass(LibraryJob.class)
                        .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml"))
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.pools=everything",
                        "background-jobs.pool.everything.queues=*",
                        "background-jobs.pool.everything.concurrency=1",
                        // Declared in server-config/server.xml with its own thread names.
                        "background-jobs.pool.everything.executor=concurrent/backgroundJobs",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;


    @Test
    void aPausedQueueIsSkippedByTheAllQueuesPoolUntilResumed() throws Exception {
        assertTrue(pauses().pause(PauseStore.Kind.QUEUE, "paused", "test"));
        try {
            jobs.enqueue(JobRequest.of(LabelJob.class, "pause", "from paused").toQueue("paused"));
            jobs.enqueue(JobRequest.of(LabelJob.class, "pause", "from unpaused").toQueue("unpaused"));
            assertEquals(List.of("from unpaused"), recorder.await("pause", 1, WAIT));
            Thread.sleep(2_000);
            assertEquals(List.of("from unpaused"), recorder.entries("pause"), "the paused queue was left alone");
        } finally {
            assertEquals(0, pauses().resume(PauseStore.Kind.QUEUE, "paused").orElseThrow());
        }
        assertEquals(List.of("from unpaused", "from paused"), recorder.await("pause", 2, WAIT));
    }

    @Test
    void everyQueueIsTakenInAlphabeticalOrder() throws Exception {
        jobs.enqueue(LabelJob.class, "hold", "");
        recorder.await("held", 1, WAIT);
        jobs.enqueue(JobRequest.of(LabelJob.class, "order", "from zeta").toQueue("zeta"));
        jobs.enqueue(JobRequest.of(LabelJob.class, "order", "from mid").toQueue("mid"));
        jobs.enqueue(JobRequest.of(LabelJob.class, "order", "from alpha").toQueue("alpha"));
        recorder.gate("hold").countDown();

        assertEquals(List.of("from alpha", "from mid", "from zeta"), recorder.await("order", 3, WAIT));
    }

    @Test
    void aJobInALibraryJarOfTheWarIsFoundAndRuns() throws Exception {
        jobs.enqueue(LibraryJob.class, "from the library");

        assertEquals(List.of("from the library"), recorder.await("library", 1, WAIT));
    }

    @Test
    void aJobFromAProducerThatWakesNobodyIsFoundWithinThePollInterval() throws Exception {
        try (RedisClient redis = TestRedis.connect()) {
            redis.sadd(NS + ":queues", "foreign");
            long pushed = System.nanoTime();
            redis.rpush(NS + ":queue:foreign", "{\"class\":\"LabelJob\",\"args\":[\"foreign\",\"pushed by hand\"]}");
            long deadline = pushed + WAIT.toNanos();
            while (recorder.entries("foreign").isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the foreign job never ran");
                Thread.sleep(10);
            }
            Duration found = Duration.ofNanos(System.nanoTime() - pushed);
            assertTrue(found.compareTo(Duration.ofMillis(2_500)) < 0, "found after " + found + ", poll interval 1 s");
        }
    }

    /**
     * Looked up in the container rather than injected: applications may not inject the module's
     * internals (BGJ0106E), and this test reaches into them on purpose.
     */
    private static PauseStore pauses() {
        return CDI.current().select(PauseStore.class).get();
    }
}
