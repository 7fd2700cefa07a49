package dev.backgroundjobs.it.scheduling;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.TestRedis;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduling with two deployments of the application on one server sharing one Redis namespace, as
 * two servers would: delayed jobs, recurring jobs and unique jobs each run exactly once across both.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SchedulingIT {

    static final String NS = "it-sched";
    static final String FIRST = "sched-a";
    static final String SECOND = "sched-b";
    static final String MISSED = "sched-missed";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    Deployer deployer;

    RedisClient redis;

    @Deployment(name = FIRST, managed = false)
    static WebArchive first() {
        return archive(FIRST);
    }

    @Deployment(name = SECOND, managed = false)
    static WebArchive second() {
        return archive(SECOND);
    }

    @Deployment(name = MISSED, managed = false)
    static WebArchive missed() {
        return archive(MISSED).addClasses(YearlyJobs.class, YearlyJobs.CatchUpJob.class, YearlyJobs.SkipJob.class,
                YearlyJobs.NewJob.class);
    }

    static WebArchive archive(String name) {
        return Deployments.webArchive(name)
                .addClasses(MarkJob.class, TickJob.class, ProfileRecommendations.class, Tally.class, TestRedis.class,
                        SchedulingResource.class, SchedulingResource.SchedulingApplication.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.pool.default.queues=sched",
                        "background-jobs.pool.default.concurrency=4",
                        // A delayed job's status shows SCHEDULED, then CANCELLED.
                        "background-jobs.track-status=MarkJob",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @BeforeEach
    void deployBoth() {
        redis = TestRedis.connect();
        redis.keys(NS + ":*").forEach(redis::del);
        deployer.deploy(FIRST);
        deployer.deploy(SECOND);
    }

    @AfterEach
    void undeployBoth() {
        for (String name : List.of(SECOND, FIRST)) {
            try {
                deployer.undeploy(name);
            } catch (Exception alreadyUndeployed) {
                // a test may have undeployed it itself
            }
        }
        redis.close();
    }

    @Test
    void twoHundredDelayedJobsDueTogetherRunOnceEachOnTime() throws Exception {
        long due = Long.parseLong(post(FIRST, "delayed?topic=delayed&count=200&millis=3000"));

        Await.until("200 delayed jobs ran", Duration.ofSeconds(20), () -> redis.hlen(Tally.PREFIX + "delayed") == 200);
        Thread.sleep(1_500);
        Map<String, String> runs = redis.hgetAll(Tally.PREFIX + "delayed");
        assertEquals(200, runs.size());
        assertTrue(runs.values().stream().allMatch("1"::equals), "each exactly once: " + runs);
        long latest = redis.hvals(Tally.PREFIX + "delayed:at").stream().mapToLong(Long::parseLong).max().orElseThrow();
        long earliest = redis.hvals(Tally.PREFIX + "delayed:at").stream().mapToLong(Long::parseLong).min().orElseThrow();
        // Stored to the second, as resque-scheduler stores them: due at the start of the second at the earliest.
        assertTrue(earliest >= due / 1000 * 1000, "none ran early: " + (earliest - due) + " ms");
        assertTrue(latest - due <= 2_000, "all ran within the poll interval of their second: " + (latest - due) + " ms");
    }

    @Test
    void aRecurringJobEveryTwoSecondsFiresOncePerTickAcrossServersThatStopAndStart() throws Exception {
        Thread.sleep(1_000);
        redis.del(Tally.PREFIX + "ticks");
        Instant start = Instant.now();
        Thread.sleep(6_000);
        deployer.undeploy(SECOND);
        Thread.sleep(6_000);
        deployer.deploy(SECOND);
        Thread.sleep(20_000 - Duration.between(start, Instant.now()).toMillis());
        Map<String, String> ticks = redis.hgetAll(Tally.PREFIX + "ticks");

        assertTrue(ticks.values().stream().allMatch("1"::equals), "never twice for one tick: " + ticks);
        assertTrue(ticks.size() >= 9 && ticks.size() <= 11, "10 ± 1 ticks in 20 s: " + ticks.size() + " " + ticks.keySet());
        assertTrue(get(FIRST, "recurring").contains("TickJob */2 * * * * * next=true"), get(FIRST, "recurring"));
    }

    @Test
    void aUniqueJobEnqueuedAHundredTimesAtOnceRunsOnce() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String deployment = i % 2 == 0 ? FIRST : SECOND;
                calls.add(() -> post(deployment, "unique?user=42"));
            }
            Set<String> ids = new HashSet<>();
            for (Future<String> id : callers.invokeAll(calls)) {
                ids.add(id.get());
            }
            assertEquals(1, ids.size(), "every enqueue answered with the one held job's id: " + ids);
        } finally {
            callers.shutdownNow();
            redis.set(Tally.gate("unique"), "open");
        }
        Await.until("the unique job ran", Duration.ofSeconds(20), () -> redis.hlen(Tally.PREFIX + "unique") == 1);
        Thread.sleep(3_000);
        assertEquals("1", redis.hget(Tally.PREFIX + "unique", "42"), "ran exactly once");
        assertTrue(redis.keys(NS + ":bgj:unique:*").isEmpty(), "the key is free once the job finished");
    }

    @Test
    void missedTimesRunOnceOrAreSkippedAsConfiguredAndNeverOnAFirstDeployment() throws Exception {
        deployer.undeploy(SECOND);
        deployer.undeploy(FIRST);
        long yearsAgo = Instant.now().minus(Duration.ofDays(800)).getEpochSecond();
        redis.hset(NS + ":bgj:recurring:CatchUpJob", "last", Long.toString(yearsAgo));
        redis.hset(NS + ":bgj:recurring:SkipJob", "last", Long.toString(yearsAgo));
        deployer.deploy(MISSED);
        try {
            Await.until("the missed time ran once", Duration.ofSeconds(10), () -> redis.hexists(Tally.PREFIX + "missed", "catch-up"));
            Thread.sleep(2_000);
            assertEquals(Map.of("catch-up", "1"), redis.hgetAll(Tally.PREFIX + "missed"),
                    "run once, skipped, and nothing for a schedule never seen before");
        } finally {
            deployer.undeploy(MISSED);
        }
    }

    @Test
    void aDelayedJobWrittenByResqueSchedulerRuns() throws Exception {
        long due = Instant.now().getEpochSecond() + 1;
        redis.rpush(NS + ":delayed:" + due, "{\"class\":\"MarkJob\",\"args\":[\"scheduler\",\"ruby\"],\"queue\":\"sched\"}");
        redis.zadd(NS + ":delayed_queue_schedule", due, Long.toString(due));

        Await.until("the resque-scheduler job ran", Duration.ofSeconds(10), () -> "1".equals(redis.hget(Tally.PREFIX + "scheduler", "ruby")));
        assertFalse(redis.exists(NS + ":delayed:" + due));
        assertEquals(0, redis.zcard(NS + ":delayed_queue_schedule"));
    }

    @Test
    void aCancelledDelayedJobNeverRuns() throws Exception {
        String id = post(FIRST, "later?topic=cancelled&millis=3000");
        assertEquals("SCHEDULED", get(SECOND, "status?id=" + id));

        assertEquals("true", post(SECOND, "cancel?id=" + id));
        assertEquals("false", post(FIRST, "cancel?id=" + id), "cancelled once");
        Thread.sleep(5_000);
        assertFalse(redis.exists(Tally.PREFIX + "cancelled"));
        assertEquals("CANCELLED", get(FIRST, "status?id=" + id));
    }

    @Test
    void aResqueSchedulerMasterKeepsItsLock() throws Exception {
        redis.set(NS + ":resque_scheduler_master_lock", "ruby-host:4242");
        post(FIRST, "later?topic=locked&millis=500");
        Thread.sleep(3_000);
        assertFalse(redis.exists(Tally.PREFIX + "locked"), "left to the resque-scheduler master");

        redis.del(NS + ":resque_scheduler_master_lock");
        Await.until("moved once the lock is free", Duration.ofSeconds(10), () -> redis.exists(Tally.PREFIX + "locked"));
    }

    private static String post(String deployment, String path) throws Exception {
        return call(deployment, path, "POST");
    }

    private static String get(String deployment, String path) throws Exception {
        return call(deployment, path, "GET");
    }

    private static String call(String deployment, String path, String method) throws Exception {
        URI uri = URI.create("http://localhost:" + System.getProperty("liberty.http.port") + "/" + deployment
                + "/rest/scheduling/" + path);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
