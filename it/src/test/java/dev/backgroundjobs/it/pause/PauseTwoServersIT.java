package dev.backgroundjobs.it.pause;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.operations.OperationsDeployments;
import dev.backgroundjobs.it.support.AdminClient;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Http;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.RunCounts;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A global pause on two real Liberty servers sharing one Redis (the build's server and a copy of it,
 * {@link LibertyServer#copy}): the queue "frozen" and the job name HeldJob are paused through server A's
 * admin API. Both servers run a pool on a queue list (open, frozen) and one on '*'. Of the jobs enqueued
 * then, the FreeJobs queued among the HeldJobs run, and no HeldJob or FrozenJob starts on either server,
 * nor after both servers are stopped and started again; the pauses are still listed, with the HeldJobs
 * set aside. Resumed through server B, every job runs exactly once. Runs in the failsafe "crash"
 * execution: it starts and stops both servers itself.
 */
class PauseTwoServersIT {

    static final String NS = "it-pause";
    static final String APP = "pausetwo";
    static final String API = "background-jobs/api/";
    static final int ROUNDS = 40;
    static final Duration PATIENCE = Duration.ofMinutes(3);
    /** Several poll intervals (1 s) and fetches of every loop of both servers: long enough for a wrong run to show. */
    static final Duration HOLD = Duration.ofSeconds(6);

    @Test
    void aPauseHoldsOnBothServersAndAcrossRestartsAndAResumeOnTheOtherRunsEveryJobOnce() throws Exception {
        LibertyServer first = LibertyServer.build();
        LibertyServer second = first.copy(first.name() + "-pause");
        Path secondLogs = first.wlp.getParent().getParent().resolve("pause-two-servers").resolve(second.name() + "-logs");
        try (RedisClient redis = TestRedis.connect()) {
            redis.keys(NS + ":*").forEach(redis::del);
            first.deploy(deployment());
            second.deploy(deployment());
            boolean secondStarted = false;
            try {
                first.start();
                second.start();
                secondStarted = true;
                awaitReady(first);
                awaitReady(second);
                AdminClient onFirst = admin(first);
                AdminClient onSecond = admin(second);

                assertTrue(((JsonObject) onFirst.json(onFirst.post(API + "queues/frozen/pause"))).getBoolean("paused"));
                JsonObject heldPause = (JsonObject) onFirst.json(onFirst.post(API + "job-names/HeldJob/pause"));
                assertTrue(heldPause.getBoolean("paused"), heldPause.toString());
                assertEquals("admin", heldPause.getString("by"));

                assertEquals(3 * ROUNDS / 2, enqueue(first, 0, ROUNDS / 2));
                assertEquals(3 * ROUNDS / 2, enqueue(second, ROUNDS / 2, ROUNDS / 2));
                String runs = RunCounts.key(NS);
                Await.until("every FreeJob ran", PATIENCE, () -> count(redis.hgetAll(runs), "free-") == ROUNDS);
                Await.until("every HeldJob is set aside", PATIENCE, () -> heldOf(pauses(onSecond)) == ROUNDS);
                Thread.sleep(HOLD.toMillis());
                assertNoneRan(redis, runs, "while paused");
                assertEquals(ROUNDS, redis.llen(NS + ":queue:frozen"), "the paused queue keeps its jobs");

                second.stop();
                secondStarted = false;
                first.stop();
                first.start();
                second.start();
                secondStarted = true;
                awaitReady(first);
                awaitReady(second);
                Thread.sleep(HOLD.toMillis());
                assertNoneRan(redis, runs, "after both servers restarted");
                for (AdminClient client : new AdminClient[] {onFirst, onSecond}) {
                    JsonObject listed = pauses(client);
                    assertEquals("frozen", listed.getJsonArray("queues").getJsonObject(0).getString("name"), listed.toString());
                    assertEquals("admin", listed.getJsonArray("queues").getJsonObject(0).getString("by"), listed.toString());
                    assertEquals(ROUNDS, heldOf(listed), listed.toString());
                }
                JsonArray queues = (JsonArray) onSecond.json(onSecond.get(API + "queues"));
                assertTrue(queues.stream().map(JsonValue::asJsonObject).anyMatch(queue -> queue.getString("name")
                        .equals("frozen") && queue.getBoolean("paused") && queue.getInt("size") == ROUNDS), queues.toString());

                assertEquals(false, ((JsonObject) onSecond.json(onSecond.post(API + "queues/frozen/resume"))).getBoolean("paused"));
                JsonObject resumed = (JsonObject) onSecond.json(onSecond.post(API + "job-names/HeldJob/resume"));
                assertEquals(false, resumed.getBoolean("paused"), resumed.toString());
                assertEquals(ROUNDS, resumed.getInt("putBack"), resumed.toString());

                Await.until("every job ran", PATIENCE, () -> redis.hlen(runs) == 3L * ROUNDS);
                Thread.sleep(2_000); // a second run of any job would show as a count of 2
                Map<String, String> counts = redis.hgetAll(runs);
                System.out.printf("pause two servers: %d jobs ran, %d of them more than once%n", counts.size(),
                        counts.values().stream().filter(count -> !count.equals("1")).count());
                assertEquals(3 * ROUNDS, counts.size(), counts.toString());
                counts.forEach((token, count) -> assertEquals("1", count, token + " ran " + count + " times"));
                JsonObject after = pauses(onFirst);
                assertEquals(0, after.getJsonArray("queues").size() + after.getJsonArray("jobs").size(), after.toString());
                assertEquals(0, redis.llen(NS + ":bgj:held:HeldJob"));
            } finally {
                if (secondStarted) {
                    second.stop();
                }
                first.stop();
                first.undeploy(APP);
                second.keepLogs(secondLogs);
                second.delete();
            }
        }
        // The build checks the W and E lines of its own server's log; the copy's are checked here, the same way.
        Path liberty = Path.of(System.getProperty("basedir"), "src", "test", "liberty");
        assertEquals(0, LibertyServer.run(30, "bash", liberty.resolve("check-messages.sh").toString(), secondLogs.toString(),
                liberty.resolve("allowed-messages.txt").toString()), "W/E lines of " + second.name() + " (kept in " + secondLogs + ")");
    }

    static WebArchive deployment() {
        return Deployments.webArchive(APP)
                .addClasses(HeldJob.class, FreeJob.class, FrozenJob.class, PauseResource.class,
                        PauseResource.PauseApplication.class, RunCounts.class, TestRedis.class)
                .addAsWebInfResource(new StringAsset(OperationsDeployments.WEB_XML), "web.xml")
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.admin.enabled=true",
                        "background-jobs.pools=listed,everything",
                        "background-jobs.pool.listed.queues=" + PauseResource.OPEN + "," + PauseResource.FROZEN,
                        "background-jobs.pool.listed.concurrency=2",
                        "background-jobs.pool.everything.queues=*",
                        "background-jobs.pool.everything.concurrency=1",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    private static void assertNoneRan(RedisClient redis, String runs, String when) {
        Map<String, String> counts = redis.hgetAll(runs);
        assertEquals(0, count(counts, "held-"), "HeldJobs started " + when + ": " + counts);
        assertEquals(0, count(counts, "frozen-"), "FrozenJobs started " + when + ": " + counts);
        assertEquals(ROUNDS, count(counts, "free-"), "FreeJobs ran " + when);
    }

    private static long count(Map<String, String> counts, String prefix) {
        return counts.keySet().stream().filter(token -> token.startsWith(prefix)).count();
    }

    private static JsonObject pauses(AdminClient client) throws Exception {
        return (JsonObject) client.json(client.get(API + "pauses"));
    }

    /** The HeldJobs the HeldJob pause holds back, as listed, or -1 when it is not listed. */
    private static long heldOf(JsonObject pauses) {
        return pauses.getJsonArray("jobs").stream().map(JsonValue::asJsonObject)
                .filter(pause -> pause.getString("name").equals("HeldJob")).mapToLong(pause -> pause.getInt("held"))
                .findFirst().orElse(-1);
    }

    private static AdminClient admin(LibertyServer server) throws Exception {
        return AdminClient.as(new URL("http://localhost:" + server.httpPort + "/" + APP + "/"), "admin");
    }

    private static int enqueue(LibertyServer server, int from, int count) throws Exception {
        HttpResponse<String> response = Http.post(endpoint(server, "enqueue?from=" + from + "&count=" + count));
        assertEquals(200, response.statusCode(), response.body());
        return Integer.parseInt(response.body());
    }

    private static void awaitReady(LibertyServer server) throws Exception {
        Await.until(APP + " answers on port " + server.httpPort, PATIENCE, () -> {
            try {
                return Http.get(endpoint(server, "ready")).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static URI endpoint(LibertyServer server, String path) {
        return URI.create("http://localhost:" + server.httpPort + "/" + APP + "/rest/pause/" + path);
    }
}
