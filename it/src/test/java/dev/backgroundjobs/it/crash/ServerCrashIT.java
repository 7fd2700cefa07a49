package dev.backgroundjobs.it.crash;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Http;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.TestRedis;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Liberty server is killed with SIGKILL while 1,000 jobs run, then started again. Every job
 * completes; only jobs that were in flight at the kill run twice. No Arquillian here: the test starts
 * and kills the server itself ({@link LibertyServer}: the build's server, after the Arquillian tests are
 * done with it).
 */
class ServerCrashIT {

    static final int JOBS = 1_000;
    static final int CONCURRENCY = 4;
    static final String APP = "crash";
    static final Duration PATIENCE = Duration.ofSeconds(120);

    final LibertyServer server = LibertyServer.build();

    @Test
    void everyJobCompletesAfterTheServerIsKilledAndRestarted() throws Exception {
        try (RedisClient redis = TestRedis.connect()) {
            redis.keys("it-crash:*").forEach(redis::del);
            server.deploy(Deployments.webArchive(APP)
                    .addClasses(TallyJob.class, CrashResource.class, CrashResource.CrashApplication.class, TestRedis.class)
                    .addAsResource(new StringAsset(String.join("\n",
                            "background-jobs.namespace=it-crash",
                            "background-jobs.pool.default.queues=crash",
                            "background-jobs.pool.default.concurrency=" + CONCURRENCY,
                            "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties"));
            try {
                server.start();
                awaitReady();
                assertEquals(Integer.toString(JOBS), post("enqueue?count=" + JOBS + "&millis=15"));
                Await.until("300 jobs ran before the kill", PATIENCE, () -> redis.hlen(TallyJob.RUNS) >= 300);

                server.kill9();
                long doneAtKill = redis.hlen(TallyJob.RUNS);
                server.start();
                awaitReady();
                Await.until("all jobs ran after the restart", PATIENCE, () -> redis.hlen(TallyJob.RUNS) == JOBS);

                Map<String, String> runs = redis.hgetAll(TallyJob.RUNS);
                long twice = runs.values().stream().filter(count -> Integer.parseInt(count) > 1).count();
                System.out.printf("crash: %d jobs, %d done at the kill, all %d done after the restart, %d ran twice%n",
                        JOBS, doneAtKill, runs.size(), twice);
                assertEquals(JOBS, runs.size());
                assertTrue(twice <= CONCURRENCY, "only the jobs in flight at the kill may run twice: " + twice);
                assertEquals(0, redis.llen("it-crash:queue:crash"));
            } finally {
                server.stop();
                server.undeploy(APP);
            }
        }
    }

    private void awaitReady() throws Exception {
        Await.until("the application answers", PATIENCE, () -> {
            try {
                return Http.get(endpoint("ready")).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private String post(String path) throws Exception {
        HttpResponse<String> response = Http.post(endpoint(path));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static URI endpoint(String path) {
        return Http.server("/" + APP + "/rest/crash/" + path);
    }
}
