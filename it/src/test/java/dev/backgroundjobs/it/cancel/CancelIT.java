package dev.backgroundjobs.it.cancel;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancelling queued and running jobs, progress while a job runs, and expiry, on a real server and
 * Redis, through JobQueue (by a probe resource) and the admin API.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CancelIT {

    static final String API = "background-jobs/api/";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration GRACE = Duration.ofSeconds(2);

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("cancel")
                .addClasses(StepsJob.class, StubbornJob.class, StubbornJob.Body.class, StubbornTimedJob.class,
                        NextJob.class, GateJob.class, RecordJob.class, UntrackedRecordJob.class, CancelProbe.class,
                        ProbeApplication.class, Recorder.class)
                .addAsWebInfResource(new StringAsset("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                          <login-config><auth-method>BASIC</auth-method><realm-name>background-jobs</realm-name></login-config>
                          <security-role><role-name>background-jobs-admin</role-name></security-role>
                          <security-role><role-name>background-jobs-viewer</role-name></security-role>
                        </web-app>
                        """), "web.xml")
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-cancel",
                        "background-jobs.admin.enabled=true",
                        "background-jobs.pools=one,run",
                        "background-jobs.pool.one.queues=cancel-one",
                        "background-jobs.pool.one.concurrency=1",
                        "background-jobs.pool.run.queues=cancel-run",
                        "background-jobs.pool.run.concurrency=2",
                        "background-jobs.cancel-grace=" + GRACE.toSeconds() + "s",
                        "background-jobs.retry.backoff=1s",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Test
    void aQueuedJobCancelledThroughTheAdminApiNeverRunsAndIsCancelled() throws Exception {
        enqueue("gate", "hold-queued");
        awaitRecorded("hold-queued-started", 1);
        String tracked = enqueue("record", "queued-tracked");
        String untracked = enqueue("untracked", "queued-untracked");

        assertEquals(403, viewer().post(API + "jobs/" + tracked + "/cancel").statusCode(), "cancelling needs the admin role");
        JsonObject answer = (JsonObject) admin().json(admin().post(API + "jobs/" + tracked + "/cancel"));
        assertEquals("removed", answer.getString("found"));
        assertEquals("true", probe("cancel/" + untracked), "JobQueue.cancel finds an untracked queued job too");
        assertEquals(404, admin().post(API + "jobs/" + tracked + "/cancel").statusCode(), "nothing left to cancel");
        enqueue("record", "queued-after");
        probe("open/hold-queued");

        awaitRecorded("queued-after", 1);
        assertEquals(List.of(), recorded("queued-tracked"));
        assertEquals(List.of(), recorded("queued-untracked"));
        assertEquals("CANCELLED", state(tracked).orElseThrow());
        assertEquals("CANCELLED", state(untracked).orElseThrow(), "an untracked canceller sees its cancel too");
    }

    @Test
    void aRunningJobThatAsksStopsWellWithinItsGraceAndIsCancelledNotFailedNorRetried() throws Exception {
        String id = enqueue("steps", "cooperative", "steps=600");
        Await.until("the job runs", WAIT, () -> state(id).filter("RUNNING"::equals).isPresent());

        long asked = System.nanoTime();
        assertEquals("true", probe("cancel/" + id));
        Await.until("the run is recorded as cancelled", WAIT, () -> state(id).filter("CANCELLED"::equals).isPresent());
        Duration took = Duration.ofNanos(System.nanoTime() - asked);

        assertTrue(took.compareTo(GRACE) < 0, "a job that asks stops before its grace period is up; took " + took);
        List<String> ended = recorded("cooperative");
        assertEquals(1, ended.size(), ended.toString());
        assertTrue(ended.get(0).startsWith("cancelled after "), ended.toString());
        assertNotFailedNorRetrying(id);
    }

    /** Untimed runs run on the worker loop's own thread, timed ones on a task of their own: both are interrupted. */
    @ParameterizedTest
    @ValueSource(strings = {"stubborn", "stubborn-timed"})
    void aRunningJobThatNeverAsksIsInterruptedAfterItsGraceAndTheLoopsNextJobIsUntouched(String kind) throws Exception {
        String topic = "ignoring-" + kind;
        String id = enqueue(kind, topic);
        awaitRecorded(topic + "-started", 1);

        long asked = System.nanoTime();
        JsonObject answer = (JsonObject) admin().json(admin().post(API + "jobs/" + id + "/cancel"));
        assertEquals("running", answer.getString("found"));
        Await.until("the run is recorded as cancelled", WAIT, () -> state(id).filter("CANCELLED"::equals).isPresent());
        Duration took = Duration.ofNanos(System.nanoTime() - asked);

        assertEquals(List.of("interrupted"), recorded(topic));
        // The watch sees a request within half a second; the margin covers the record's write and this poll.
        assertTrue(took.compareTo(GRACE) >= 0 && took.compareTo(GRACE.plusMillis(2_500)) <= 0,
                "interrupted after its grace of " + GRACE + ", within a margin: took " + took);
        assertNotFailedNorRetrying(id);
        // The same single loop runs the next job, with no interrupt left over.
        enqueue("next", "after-" + kind);
        assertEquals(List.of("slept"), awaitRecorded("after-" + kind, 1));
        assertEquals(List.of(topic), recorded(topic + "-started"), "run once: a cancelled run is not retried");
    }

    @Test
    void progressIsSeenChangingInTheAdminApiAndTheWorkersViewWhileTheJobRuns() throws Exception {
        String id = enqueue("steps", "progress", "steps=50");

        JsonObject first = awaitJob(id, job -> job.getString("state").equals("RUNNING") && percent(job) > 0);
        JsonObject later = awaitJob(id, job -> job.getString("state").equals("RUNNING") && percent(job) > percent(first));
        assertTrue(later.getJsonObject("progress").getString("message").matches("step \\d+ of 50"), later.toString());
        JsonObject worker = awaitWorkerRunning(id);
        assertTrue(percent(worker.getJsonObject("job")) > 0, worker.toString());

        assertEquals("true", probe("cancel/" + id), "ends the run early, to free its worker");
        Await.until("the run ended", WAIT, () -> state(id).filter("CANCELLED"::equals).isPresent());
    }

    @Test
    void aJobNotStartedByItsDeadlineNeverRunsAndIsExpiredAndCounted() throws Exception {
        long expiredBefore = overview().getJsonNumber("expired").longValue();
        enqueue("gate", "hold-expiry");
        awaitRecorded("hold-expiry-started", 1);
        long enqueued = System.nanoTime();
        String id = enqueue("record", "expiring", "expiresInMs=300");
        String untracked = enqueue("untracked", "expiring-untracked", "expiresInMs=300");
        String patient = enqueue("record", "not-expiring", "expiresInMs=60000");
        Await.until("both deadlines passed", WAIT, () -> System.nanoTime() - enqueued > Duration.ofMillis(800).toNanos());
        probe("open/hold-expiry");

        awaitRecorded("not-expiring", 1);
        assertEquals(List.of(), recorded("expiring"));
        assertEquals(List.of(), recorded("expiring-untracked"));
        assertEquals("EXPIRED", state(id).orElseThrow());
        assertEquals(Optional.empty(), state(untracked), "an untracked job's expiry keeps no status");
        assertEquals("SUCCEEDED", state(patient).orElseThrow());
        assertEquals(expiredBefore + 2, overview().getJsonNumber("expired").longValue());
    }

    @Test
    void aDeadlineBeforeTheJobsTimeIsRefusedNamingBoth() throws Exception {
        HttpResponse<String> refused = probeResponse("record/too-late?inSeconds=3600&expiresInMs=60000");

        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().startsWith("BGJ0141E: job RecordJob would expire at "), refused.body());
    }

    void assertNotFailedNorRetrying(String id) throws Exception {
        JsonArray failed = ((JsonObject) admin().json(admin().get(API + "failed?offset=0&limit=100"))).getJsonArray("items");
        assertTrue(failed.stream().map(JsonValue::asJsonObject).noneMatch(item -> id.equals(item.getString("jobId", null))),
                failed.toString());
        JsonArray retrying = ((JsonObject) admin().json(admin().get(API + "retrying?offset=0&limit=100"))).getJsonArray("items");
        assertTrue(retrying.stream().map(JsonValue::asJsonObject).noneMatch(item -> id.equals(item.getString("jobId", null))),
                retrying.toString());
    }

    JsonObject awaitJob(String id, java.util.function.Predicate<JsonObject> condition) throws Exception {
        JsonObject[] seen = new JsonObject[1];
        Await.until("job " + id + " as expected", WAIT, () -> {
            HttpResponse<String> response = admin().get(API + "jobs/" + id);
            seen[0] = response.statusCode() == 200 ? (JsonObject) admin().json(response) : null;
            return seen[0] != null && condition.test(seen[0]);
        });
        return seen[0];
    }

    JsonObject awaitWorkerRunning(String id) throws Exception {
        JsonObject[] seen = new JsonObject[1];
        Await.until("a worker runs " + id + " with progress", WAIT, () -> {
            JsonArray workers = (JsonArray) admin().json(admin().get(API + "workers"));
            seen[0] = workers.stream().map(JsonValue::asJsonObject)
                    .filter(worker -> worker.get("job") instanceof JsonObject job && id.equals(job.getString("jobId", null))
                            && job.get("progress") instanceof JsonObject)
                    .findFirst().orElse(null);
            return seen[0] != null;
        });
        return seen[0];
    }

    static int percent(JsonObject job) {
        return job.get("progress") instanceof JsonObject progress ? progress.getInt("percent") : -1;
    }

    Optional<String> state(String id) throws Exception {
        HttpResponse<String> response = admin().get(API + "jobs/" + id);
        return response.statusCode() == 404 ? Optional.empty()
                : Optional.of(((JsonObject) admin().json(response)).getString("state"));
    }

    JsonObject overview() throws Exception {
        return (JsonObject) admin().json(admin().get(API + "overview"));
    }

    String enqueue(String kind, String topic, String... query) throws Exception {
        HttpResponse<String> response = probeResponse(kind + "/" + topic + (query.length > 0 ? "?" + String.join("&", query) : ""));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    String probe(String path) throws Exception {
        HttpResponse<String> response = probeResponse(path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    HttpResponse<String> probeResponse(String path) throws Exception {
        return admin().post("probe/jobs/" + path);
    }

    List<String> recorded(String topic) throws Exception {
        HttpResponse<String> response = admin().get("probe/jobs/recorded/" + topic);
        List<String> entries = new ArrayList<>();
        Json.createReader(new StringReader(response.body())).readArray().forEach(value -> entries.add(
                ((jakarta.json.JsonString) value).getString()));
        return entries;
    }

    List<String> awaitRecorded(String topic, int count) throws Exception {
        Await.until(count + " entries for " + topic, WAIT, () -> recorded(topic).size() >= count);
        return recorded(topic);
    }

    Client admin() {
        return new Client(base, "admin");
    }

    Client viewer() {
        return new Client(base, "viewer");
    }
}
