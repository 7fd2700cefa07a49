package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.it.support.AdminClient;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every call of the admin API on a real server and Redis, as the roles allow it: anonymous users are
 * asked to log in, users without a role are refused, viewers may only read, admins may change things
 * but only with the CSRF header and from this origin.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminApiIT {

    static final String NS = "it-admin";
    static final String API = "background-jobs/api/";
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Jobs of a paused name queued in a row: more than one fetch sets aside. */
    static final int HELD = 150;

    static RedisClient redis;

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("admin")
                .addClasses(OpsJob.class, BrokenJob.class, PatientJob.class, NightlyReport.class, ProbeApplication.class)
                .addAsWebInfResource(new StringAsset(OperationsDeployments.WEB_XML), "web.xml")
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.admin.enabled=true",
                        "background-jobs.pools=main",
                        "background-jobs.pool.main.queues=ops",
                        "background-jobs.pool.main.concurrency=2",
                        "background-jobs.poll-interval=1s",
                        "background-jobs.heartbeat-interval=1s",
                        "background-jobs.worker-timeout=5s")), "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    static void connect() {
        redis = TestRedis.connect();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    AdminClient admin() {
        return AdminClient.as(base, "admin");
    }

    AdminClient viewer() {
        return AdminClient.as(base, "viewer");
    }

    @Test
    void anAnonymousCallIsAskedToLogInAndAUserWithoutARoleIsRefused() throws Exception {
        HttpResponse<String> anonymous = AdminClient.as(base, null).get(API + "overview");
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                anonymous.headers().map().toString());
        assertEquals(401, AdminClient.as(base, null).get("background-jobs/dashboard/").statusCode());

        HttpResponse<String> nobody = AdminClient.as(base, "nobody").get(API + "overview");
        assertEquals(403, nobody.statusCode());
        assertTrue(nobody.body().contains("background-jobs-viewer"), nobody.body());
        assertEquals(403, AdminClient.as(base, "nobody").get("background-jobs/dashboard/").statusCode());
    }

    @Test
    void aViewerReadsButCannotChangeAnything() throws Exception {
        JsonObject me = (JsonObject) viewer().json(viewer().get(API + "me"));
        assertEquals("viewer", me.getString("user"));
        assertFalse(me.getBoolean("canWrite"));
        assertEquals(200, viewer().get(API + "queues").statusCode());

        for (HttpResponse<String> change : List.of(viewer().post(API + "failed/retry-all"), viewer().delete(API + "failed"),
                viewer().post(API + "queues/ops/pause"), viewer().post(API + "pools/main/pause"),
                viewer().post(API + "job-names/OpsJob/pause"))) {
            assertEquals(403, change.statusCode(), change.uri() + ": " + change.body());
            assertTrue(change.body().contains("background-jobs-admin"), change.body());
        }
        assertTrue(((JsonObject) admin().json(admin().get(API + "me"))).getBoolean("canWrite"));
    }

    @Test
    void aChangeWithoutTheCsrfHeaderOrFromAnotherOriginIsRefused() throws Exception {
        HttpResponse<String> withoutHeader = admin().withoutCsrfHeader().post(API + "queues/ops/pause");
        assertEquals(403, withoutHeader.statusCode());
        assertTrue(withoutHeader.body().contains("X-Requested-By"), withoutHeader.body());

        HttpResponse<String> foreign = admin().post(API + "queues/ops/pause", "https://evil.example");
        assertEquals(403, foreign.statusCode());
        assertTrue(foreign.body().contains("evil.example"), foreign.body());

        JsonArray queues = (JsonArray) admin().json(admin().get(API + "queues"));
        assertTrue(queues.stream().map(JsonValue::asJsonObject).filter(queue -> queue.getString("name").equals("ops"))
                .noneMatch(queue -> queue.getBoolean("paused")), "nothing was paused: " + queues);
    }

    @Test
    void theResourcesAreAbsentWhereAnApplicationsOwnJaxRsApplicationPicksThemUp() throws Exception {
        assertEquals(404, admin().get("app/api/overview").statusCode());
        assertEquals(404, admin().get("app/dashboard/").statusCode());
    }

    @Test
    void theOverviewCountsJobsAndTheThroughputCountsThisMinutesRuns() throws Exception {
        long processedBefore = ((JsonObject) admin().json(admin().get(API + "overview"))).getJsonNumber("processed").longValue();
        for (int i = 0; i < 5; i++) {
            push("ops", "OpsJob", "[\"count-" + i + "\",0]");
        }
        Await.until("5 more processed", WAIT, () -> overview().getJsonNumber("processed").longValue() >= processedBefore + 5);

        JsonObject overview = overview();
        for (String field : List.of("failed", "failedJobs", "queued", "busyWorkers", "workers", "delayed", "retrying",
                "redisLatencyMicros")) {
            assertNotNull(overview.getJsonNumber(field), field + " in " + overview);
        }
        assertTrue(overview.getInt("workers") >= 2, overview.toString());

        JsonArray minutes = ((JsonObject) admin().json(admin().get(API + "throughput?minutes=60"))).getJsonArray("minutes");
        assertEquals(60, minutes.size());
        long lastTwoMinutes = minutes.getJsonObject(59).getJsonNumber("processed").longValue()
                + minutes.getJsonObject(58).getJsonNumber("processed").longValue();
        assertTrue(lastTwoMinutes >= 5, "runs of the last two minutes: " + minutes.subList(58, 60));
        assertEquals(400, admin().get(API + "throughput?minutes=0").statusCode());
    }

    @Test
    void aQueueNobodyListensToIsReportedAsUnattendedWithItsSizeAndLatency() throws Exception {
        String typo = "typo-" + UUID.randomUUID();
        push(typo, "OpsJob", "[\"lost\",0]");
        Thread.sleep(1_100);

        JsonObject queue = queue(typo);
        assertEquals(1, queue.getInt("size"));
        assertEquals(0, queue.getInt("workers"));
        assertTrue(queue.getBoolean("unattended"));
        assertTrue(queue.getJsonNumber("latencySeconds").doubleValue() >= 1.0, queue.toString());
        assertTrue(overview().getJsonArray("unattendedQueues").getValuesAs(JsonValue::toString).contains("\"" + typo + "\""));
        assertFalse(queue("ops").getBoolean("unattended"));
        assertTrue(queue("ops").getInt("workers") >= 2, queue("ops").toString());

        HttpResponse<String> ready = AdminClient.as(new URL("http://localhost:" + System.getProperty("liberty.http.port")
                + "/"), null).get("health/ready");
        assertTrue(Pattern.compile("\"unattendedQueues\":\"[^\"]*" + typo).matcher(ready.body()).find(), ready.body());
        assertTrue(ready.body().contains("\"queue." + typo + "\":1"), ready.body());

        // The housekeeper looks every twelve heartbeats (here one second each) and warns once per queue.
        Path log = Path.of(System.getProperty("liberty.server.dir"), "logs", "messages.log");
        Await.until("a warning about " + typo, WAIT, () -> Files.readString(log).contains("BGJ0066W: queue " + typo + " holds"));
    }

    @Test
    void aPausedQueueKeepsItsJobsUntilItIsResumed() throws Exception {
        JsonObject paused = (JsonObject) admin().json(admin().post(API + "queues/ops/pause"));
        assertTrue(paused.getBoolean("paused"));
        try {
            push("ops", "OpsJob", "[\"while-paused\",0]");
            Thread.sleep(2_500);
            assertEquals(1, queue("ops").getInt("size"), "still queued while paused");
            JsonObject listed = (JsonObject) viewer().json(viewer().get(API + "pauses"));
            assertEquals("ops", listed.getJsonArray("queues").getJsonObject(0).getString("name"), listed.toString());
            assertEquals("admin", listed.getJsonArray("queues").getJsonObject(0).getString("by"), listed.toString());
            assertNotNull(listed.getJsonArray("queues").getJsonObject(0).getString("at"), listed.toString());
        } finally {
            assertFalse(((JsonObject) admin().json(admin().post(API + "queues/ops/resume"))).getBoolean("paused"));
        }
        Await.until("taken after the resume", WAIT, () -> queue("ops").getInt("size") == 0);
        assertEquals(400, admin().post(API + "queues/bad%20name/pause").statusCode());
    }

    @Test
    void aPausedJobNameIsHeldBackWhileOtherJobsOfItsQueueRunAndPutBackOnResume() throws Exception {
        JsonObject paused = (JsonObject) admin().json(admin().post(API + "job-names/NightlyReport/pause"));
        assertTrue(paused.getBoolean("paused"), paused.toString());
        assertEquals(0, paused.getInt("held"), paused.toString());
        try {
            // More than one fetch sets aside (100): the worker fetches again until it reaches the job behind them.
            String first = push("ops", "NightlyReport", "[]");
            for (int i = 1; i < HELD; i++) {
                push("ops", "NightlyReport", "[]");
            }
            push("ops", "OpsJob", "[\"behind-held-jobs\",0]");
            Await.until("the other job ran and the held ones are set aside", WAIT, () -> queue("ops").getInt("size") == 0
                    && heldJobs("NightlyReport") == HELD);
            assertTrue(redis.lindex(NS + ":bgj:held:NightlyReport", 0).contains(first));
        } finally {
            JsonObject resumed = (JsonObject) admin().json(admin().post(API + "job-names/NightlyReport/resume"));
            assertFalse(resumed.getBoolean("paused"), resumed.toString());
            assertEquals(HELD, resumed.getInt("putBack"), resumed.toString());
        }
        assertFalse(redis.exists(NS + ":bgj:held:NightlyReport"));
        Await.until("the held job, back in its queue, is taken after the resume", WAIT, () -> queue("ops").getInt("size") == 0);
        assertEquals(0, ((JsonObject) admin().json(admin().get(API + "pauses"))).getJsonArray("jobs").size());
        assertEquals(400, admin().post(API + "job-names/%20/pause").statusCode());
    }

    private long heldJobs(String jobName) throws Exception {
        return ((JsonObject) admin().json(admin().get(API + "pauses"))).getJsonArray("jobs").stream()
                .map(JsonValue::asJsonObject).filter(pause -> pause.getString("name").equals(jobName))
                .mapToLong(pause -> pause.getInt("held")).findFirst().orElse(-1);
    }

    @Test
    void aPausedPoolTakesNothingUntilItIsResumed() throws Exception {
        JsonArray pools = (JsonArray) admin().json(admin().get(API + "pools"));
        assertEquals("main", pools.getJsonObject(0).getString("name"));
        assertEquals(2, pools.getJsonObject(0).getInt("concurrency"));

        assertTrue(((JsonObject) admin().json(admin().post(API + "pools/main/pause"))).getBoolean("paused"));
        try {
            push("ops", "OpsJob", "[\"pool-paused\",0]");
            Thread.sleep(2_500);
            assertEquals(1, queue("ops").getInt("size"), "still queued while the pool is paused");
        } finally {
            assertFalse(((JsonObject) admin().json(admin().post(API + "pools/main/resume"))).getBoolean("paused"));
        }
        Await.until("taken after the resume", WAIT, () -> queue("ops").getInt("size") == 0);
        assertEquals(404, admin().post(API + "pools/nope/pause").statusCode());
    }

    @Test
    void workersAreListedWithTheJobTheyRun() throws Exception {
        String id = push("ops", "OpsJob", "[\"held\",3000]");
        Await.until("a worker runs the held job", WAIT, () -> workers().stream().map(JsonValue::asJsonObject)
                .anyMatch(worker -> worker.get("job") instanceof JsonObject job && id.equals(job.getString("jobId", null))));

        JsonObject worker = workers().stream().map(JsonValue::asJsonObject)
                .filter(candidate -> candidate.get("job") instanceof JsonObject job && id.equals(job.getString("jobId", null)))
                .findFirst().orElseThrow();
        assertEquals("OpsJob", worker.getJsonObject("job").getString("jobName"));
        assertEquals("ops", worker.getJsonObject("job").getString("queue"));
        assertEquals("held", worker.getJsonObject("job").getJsonArray("args").getString(0));
        assertEquals(List.of("ops"), worker.getJsonArray("queues").getValuesAs(JsonString::getString));
        assertNotNull(worker.getString("startedAt"));
        assertNotNull(worker.getString("heartbeat"));
        // host.server.app, the same for every loop of the server, and no '/' (resque-web routes on the id).
        assertFalse(worker.getString("host").contains("/"), worker.toString());
        assertTrue(worker.getString("host").split("\\.").length >= 3, worker.toString());
    }

    @Test
    void aFailedJobIsListedWithItsBacktraceAndCanBeRetriedOrDeleted() throws Exception {
        String label = "broken-" + UUID.randomUUID();
        String id = push("ops", "BrokenJob", "[\"" + label + "\"]");
        JsonObject failure = awaitFailed(id);
        assertEquals("BrokenJob", failure.getString("jobName"));
        assertEquals("ops", failure.getString("queue"));
        assertEquals("java.lang.IllegalStateException", failure.getString("exception"));
        assertEquals("broken on purpose: " + label, failure.getString("error"));
        assertTrue(failure.getJsonArray("backtrace").getString(0).contains("BrokenJob.perform"), failure.toString());
        assertTrue(failure.getString("payload").contains(label));

        long index = failure.getJsonNumber("index").longValue();
        HttpResponse<String> stale = admin().post(API + "failed/" + index + "/retry?digest=0000");
        assertEquals(409, stale.statusCode(), stale.body());

        long failedRuns = Long.parseLong(redis.get(NS + ":stat:failed"));
        JsonObject retried = (JsonObject) admin().json(admin().post(API + "failed/" + index + "/retry?digest="
                + failure.getString("digest")));
        assertTrue(retried.getBoolean("retried"));
        // It fails again (it always does). Failing within the same second on the same worker writes a record
        // byte for byte like the first, so the proof that it ran after the retry is the failed-run count.
        Await.until("the retried job's second failed run", WAIT,
                () -> Long.parseLong(redis.get(NS + ":stat:failed")) > failedRuns);
        JsonObject again = awaitFailed(id);
        assertNotNull(again.getString("failedAt"));

        JsonObject deleted = (JsonObject) admin().json(admin().delete(API + "failed/" + again.getJsonNumber("index")
                + "?digest=" + again.getString("digest")));
        assertTrue(deleted.getBoolean("deleted"));
        assertTrue(failedItems().stream().noneMatch(item -> id.equals(item.getString("jobId", null))));
        assertEquals(400, admin().get(API + "failed?limit=1000").statusCode());
    }

    @Test
    void retryAllAndClearActOnTheWholeFailedList() throws Exception {
        String first = push("ops", "BrokenJob", "[\"all-1\"]");
        String second = push("ops", "BrokenJob", "[\"all-2\"]");
        awaitFailed(first);
        awaitFailed(second);
        long total = ((JsonObject) admin().json(admin().get(API + "failed"))).getJsonNumber("total").longValue();

        JsonObject retried = (JsonObject) admin().json(admin().post(API + "failed/retry-all"));
        assertEquals(total, retried.getInt("retried"));
        awaitFailed(first);
        awaitFailed(second);

        assertTrue(((JsonObject) admin().json(admin().delete(API + "failed"))).getBoolean("cleared"));
        assertEquals(0, ((JsonObject) admin().json(admin().get(API + "failed"))).getInt("total"));
    }

    @Test
    void delayedRetryingAndRecurringJobsAreListed() throws Exception {
        long due = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
        String delayedId = UUID.randomUUID().toString().replace("-", "");
        // As resque-scheduler (Ruby or ours) stores a delayed job.
        String payload = "{\"class\":\"OpsJob\",\"args\":[\"later\",0],\"id\":\"" + delayedId + "\",\"queue\":\"ops\"}";
        redis.zadd(NS + ":delayed_queue_schedule", due, Long.toString(due));
        redis.rpush(NS + ":delayed:" + due, payload);
        JsonObject delayed = (JsonObject) admin().json(admin().get(API + "delayed"));
        JsonObject item = delayed.getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .filter(candidate -> delayedId.equals(candidate.getString("jobId", null))).findFirst().orElseThrow();
        assertEquals(Instant.ofEpochSecond(due).toString(), item.getString("runAt"));
        assertEquals("ops", item.getString("queue"));
        assertEquals("OpsJob", item.getString("jobName"));

        String retryingId = push("ops", "PatientJob", "[\"patient\"]");
        Await.until("in the retry set", WAIT, () -> ((JsonObject) admin().json(admin().get(API + "retrying")))
                .getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .anyMatch(candidate -> retryingId.equals(candidate.getString("jobId", null))));
        JsonObject retrying = ((JsonObject) admin().json(admin().get(API + "retrying"))).getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).filter(candidate -> retryingId.equals(candidate.getString("jobId", null)))
                .findFirst().orElseThrow();
        assertEquals(1, retrying.getInt("attempts"));
        assertTrue(Instant.parse(retrying.getString("dueAt")).isAfter(Instant.now().plus(Duration.ofMinutes(30))));

        JsonArray recurring = (JsonArray) admin().json(admin().get(API + "recurring"));
        JsonObject nightly = recurring.getJsonObject(0);
        assertEquals("NightlyReport", nightly.getString("name"));
        assertEquals("0 0 3 * * *", nightly.getString("cron"));
        assertNotNull(nightly.getString("nextRun"));
    }

    @Test
    void aJobsStatusIsFoundByIdAndAnUnknownIdIsNotFound() throws Exception {
        // Tracked as a PHP-Resque producer asks for it (trackStatus): by writing the waiting status.
        String id = UUID.randomUUID().toString().replace("-", "");
        redis.set(NS + ":job:" + id + ":status", "{\"status\":1,\"updated\":" + Instant.now().getEpochSecond() + "}");
        push("ops", "OpsJob", "[\"status\",0]", id);
        Await.until("succeeded", WAIT, () -> {
            HttpResponse<String> status = admin().get(API + "jobs/" + id);
            return status.statusCode() == 200 && status.body().contains("SUCCEEDED");
        });
        JsonObject status = (JsonObject) admin().json(admin().get(API + "jobs/" + id));
        assertEquals(id, status.getString("id"));
        assertNotNull(status.getString("started"));
        HttpResponse<String> unknown = admin().get(API + "jobs/no-such-job");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("no status for job no-such-job: it is not running and its status is"
                + " not tracked (only jobs with @BackgroundJob(trackStatus = true) or named by"
                + " background-jobs.track-status keep one)"), unknown.body());
    }

    @Test
    void anUntrackedJobHasNoStatusOnceItEnded() throws Exception {
        String id = push("ops", "OpsJob", "[\"untracked\",0]");
        Await.until("it ran", WAIT, () -> redis.llen(NS + ":queue:ops") == 0
                && redis.smembers(NS + ":workers").stream().noneMatch(worker -> {
                    String current = redis.get(NS + ":worker:" + worker);
                    return current != null && current.contains(id);
                }));

        assertEquals(404, admin().get(API + "jobs/" + id).statusCode());
        assertFalse(redis.exists(NS + ":job:" + id + ":status"), "PHP-Resque's rule: no status key, not tracked");
    }

    @Test
    void theDashboardIsServedWithItsAssetsAndAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> withoutSlash = admin().get("background-jobs/dashboard");
        assertEquals(303, withoutSlash.statusCode());
        assertTrue(withoutSlash.headers().firstValue("Location").orElseThrow().endsWith("/background-jobs/dashboard/"));
        HttpResponse<String> root = admin().get("background-jobs/");
        assertEquals(302, root.statusCode());

        HttpResponse<String> page = admin().get("background-jobs/dashboard/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("app.js"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals(200, viewer().get("background-jobs/dashboard/app.js").statusCode());
        assertEquals(200, viewer().get("background-jobs/dashboard/style.css").statusCode());
        assertEquals(404, viewer().get("background-jobs/dashboard/secret.properties").statusCode());
    }

    private JsonObject overview() throws Exception {
        return (JsonObject) admin().json(admin().get(API + "overview"));
    }

    private JsonObject queue(String name) throws Exception {
        return ((JsonArray) admin().json(admin().get(API + "queues"))).stream().map(JsonValue::asJsonObject)
                .filter(queue -> queue.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no queue " + name));
    }

    private JsonArray workers() throws Exception {
        return (JsonArray) viewer().json(viewer().get(API + "workers"));
    }

    private List<JsonObject> failedItems() throws Exception {
        return ((JsonObject) admin().json(admin().get(API + "failed?limit=100"))).getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).toList();
    }

    /**
     * The job's failure record, once there is one. Retrying removes the record at once, so after a
     * retry the record found is the one of the new run.
     */
    private JsonObject awaitFailed(String id) throws Exception {
        Await.until("a failure record of " + id, WAIT, () -> failedItems().stream()
                .anyMatch(item -> id.equals(item.getString("jobId", null))));
        return failedItems().stream().filter(item -> id.equals(item.getString("jobId", null))).findFirst().orElseThrow();
    }

    /** Pushes a payload as any Resque producer would; returns its id. */
    private static String push(String queue, String job, String argsJson) {
        return push(queue, job, argsJson, UUID.randomUUID().toString().replace("-", ""));
    }

    private static String push(String queue, String job, String argsJson, String id) {
        double queueTime = Instant.now().toEpochMilli() / 1000.0;
        redis.sadd(NS + ":queues", queue);
        redis.rpush(NS + ":queue:" + queue, "{\"class\":\"" + job + "\",\"args\":" + argsJson + ",\"id\":\"" + id
                + "\",\"queue_time\":" + queueTime + "}");
        return id;
    }
}
