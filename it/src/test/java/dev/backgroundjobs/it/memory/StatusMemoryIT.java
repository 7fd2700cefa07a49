package dev.backgroundjobs.it.memory;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobState;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Recorder;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis memory is bounded by the backlog, not by the throughput: once untracked jobs have ended, the
 * namespace holds the same keys after 400 jobs as after 100 (counters only grow in value), and only
 * the jobs named by background-jobs.track-status keep a status, with their progress.
 */
@ExtendWith(ArquillianExtension.class)
class StatusMemoryIT {

    static final String NS = "it-memory";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("memory")
                .addClasses(UntrackedJob.class, TrackedJob.class, Recorder.class, Await.class, TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.pool.default.queues=memory",
                        "background-jobs.pool.default.concurrency=4",
                        "background-jobs.track-status=TrackedJob",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;

    @Test
    void endedUntrackedJobsLeaveNoKeyOfTheirOwnWhateverTheirNumber() throws Exception {
        List<String> first = runUntracked("first", 100, 10);
        Set<String> keysAfter100 = namespaceKeys();

        List<String> more = runUntracked("more", 300, 30);
        Set<String> keysAfter400 = namespaceKeys();

        assertEquals(keysAfter100, keysAfter400, "400 ended jobs leave the keys 100 left");
        assertTrue(keysAfter400.stream().noneMatch(key -> key.contains(":job:") || key.contains("bgj:progress:")),
                keysAfter400.toString());
        try (RedisClient redis = TestRedis.connect()) {
            assertEquals(40, redis.llen(NS + ":failed"), "every failure is kept in the failed list");
        }
        for (String id : List.of(first.get(0), more.get(more.size() - 1))) {
            assertTrue(jobs.status(id).isEmpty(), "an ended untracked job has no status: " + id);
        }
    }

    @Test
    void aTrackedJobKeepsItsStatusAndProgressAfterItEnded() throws Exception {
        List<String> ids = jobs.enqueueAll(IntStream.range(0, 50)
                .mapToObj(i -> JobRequest.of(TrackedJob.class, "tracked")).toList());
        recorder.await("tracked", 50, WAIT);

        for (String id : ids) {
            Await.until("job " + id + " succeeded", WAIT,
                    () -> jobs.status(id).map(JobStatus::state).orElse(null) == JobState.SUCCEEDED);
            JobStatus status = jobs.status(id).orElseThrow();
            assertEquals(100, status.progress().percent());
        }
        try (RedisClient redis = TestRedis.connect()) {
            for (String id : ids) {
                long ttl = redis.ttl(NS + ":job:" + id + ":status");
                assertTrue(ttl > 23 * 3600 && ttl <= 24 * 3600, "kept status-ttl: " + ttl);
            }
        }
    }

    /** Runs {@code count} untracked jobs, every tenth failing for good; returns their ids once all ran. */
    private List<String> runUntracked(String topic, int count, int failing) throws Exception {
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(JobRequest.of(UntrackedJob.class, topic, i % (count / failing) == 0));
        }
        List<String> ids = jobs.enqueueAll(requests);
        recorder.await(topic, count, WAIT);
        Await.until("no job of " + topic + " is queued or running", WAIT, this::idle);
        return ids;
    }

    private boolean idle() {
        try (RedisClient redis = TestRedis.connect()) {
            return redis.llen(NS + ":queue:memory") == 0 && namespaceKeys().stream()
                    .noneMatch(key -> key.startsWith(NS + ":bgj:inflight:") && redis.llen(key) > 0);
        }
    }

    /**
     * The namespace's keys, but for the per-minute throughput counters (two per minute, kept two hours:
     * bounded by time, not by jobs) and the workers' own keys, which change as loops wait.
     */
    private static Set<String> namespaceKeys() {
        Set<String> keys = new TreeSet<>();
        try (RedisClient redis = TestRedis.connect()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(NS + ":*").count(1000));
                page.getResult().stream()
                        .filter(key -> !key.contains(":minute:") && !key.startsWith(NS + ":bgj:wake"))
                        .forEach(keys::add);
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return keys;
    }
}
