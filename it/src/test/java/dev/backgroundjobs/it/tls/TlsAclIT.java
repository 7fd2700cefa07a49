package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.operations.OperationsDeployments;
import dev.backgroundjobs.it.support.AdminClient;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.DocumentedAcl;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.RedisBinaries;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.SafeEncoder;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker suite's happy path over TLS as the README's ACL user: a redis-server of the test's own that speaks only
 * TLS, demands a client certificate of a CA the test made, and has the {@code default} user off; a copy of the
 * build's Liberty server whose configDropins point the module at it (rediss:// URL, CA file, PEM client certificate,
 * user and password). Every kind of Redis operation runs once; Redis's ACL LOG stays empty, so the documented rule
 * lacks nothing. Then the same server with a wrong CA: readiness DOWN at once with BGJ0184E. No password in any log.
 * Runs in the failsafe "crash" execution: it starts and stops its server itself.
 */
class TlsAclIT {

    static final String NS = "it-tls";
    static final String APP = "tlsacl";
    static final String ADMIN_PASSWORD = "Admin-" + randomHex();
    static final String OVERRIDE = "zz-tls-redis.xml";
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String workerPassword = "Worker-" + randomHex();
    final String storePassword = "Store-" + randomHex();

    @Test
    void theHappyPathRunsOverTlsAsTheDocumentedAclUserAndAWrongCaFailsAtOnce() throws Exception {
        RedisBinaries binaries = RedisBinaries.withTls();
        Path work = Path.of(System.getProperty("basedir", "."), "target", "tls-acl");
        TestPki pki = TestPki.make(work.resolve("pki"), storePassword);
        DocumentedAcl acl = DocumentedAcl.fromReadme(Path.of(System.getProperty("basedir", "."), "..", "README.md"));
        String usersAcl = String.join("\n", "user default off",
                "user bgj-admin on >" + ADMIN_PASSWORD + " ~* &* +@all",
                acl.usersAclLine(NS, workerPassword), "");
        LibertyServer build = LibertyServer.build();
        LibertyServer server = build.copy(build.name() + "-tls");
        Path logs = work.resolve("logs");
        try (TlsRedis redis = TlsRedis.start(binaries, pki, work.resolve("redis"), usersAcl, "bgj-admin",
                ADMIN_PASSWORD);
                RedisClient admin = redis.connect("bgj-admin", ADMIN_PASSWORD)) {
            theTwoDocumentedFormsMakeOneUser(admin, acl);
            assertThrows(JedisException.class, () -> {
                try (RedisClient anonymous = redis.connect(null, null)) {
                    anonymous.ping();
                }
            }, "the default user is off");

            withoutTheBuildsRedisUrl(server);
            server.override(OVERRIDE, variables(Map.of(
                    "background-jobs.redis.url", "rediss://127.0.0.1:" + redis.port,
                    "background-jobs.redis.user", DocumentedAcl.USER,
                    "background-jobs.redis.password", workerPassword,
                    "background-jobs.redis.tls.ca-file", pki.caPem.toString(),
                    "background-jobs.redis.tls.cert-file", pki.clientPem.toString(),
                    "background-jobs.redis.tls.key-file", pki.clientKey.toString())));
            server.deploy(deployment());
            try {
                server.start();
                awaitAnswer(server);
                happyPath(server, admin);
            } finally {
                server.stop();
                server.keepLogs(logs.resolve("happy"));
            }
            // The build checks the W and E lines of its own server's log; the copy's happy run is checked here alike.
            Path liberty = Path.of(System.getProperty("basedir", "."), "src", "test", "liberty");
            assertEquals(0, LibertyServer.run(30, "bash", liberty.resolve("check-messages.sh").toString(),
                    logs.resolve("happy").toString(), liberty.resolve("allowed-messages.txt").toString()),
                    "W/E lines of the TLS server's happy run (kept in " + logs.resolve("happy") + ")");

            server.override(OVERRIDE, variables(Map.of(
                    "background-jobs.redis.url", "rediss://127.0.0.1:" + redis.port,
                    "background-jobs.redis.user", DocumentedAcl.USER,
                    "background-jobs.redis.password", workerPassword,
                    "background-jobs.redis.tls.truststore", pki.wrongTrustStore.toString(),
                    "background-jobs.redis.tls.truststore-password", storePassword,
                    "background-jobs.redis.tls.keystore", pki.clientStore.toString(),
                    "background-jobs.redis.tls.keystore-password", storePassword)));
            try {
                server.start();
                awaitAnswer(server);
                aWrongCaIsReportedAtOnce(server);
            } finally {
                server.stop();
                server.keepLogs(logs.resolve("wrong-ca"));
            }
            assertTrue(redis.log().stream().anyMatch(line -> line.contains("Error accepting a client connection")),
                    "Redis saw the refused handshakes");
            noPasswordIn(server.dir.resolve("logs"));
        } finally {
            server.delete();
        }
    }

    /** The README's ACL SETUSER command and its users.acl line make the same user. */
    private void theTwoDocumentedFormsMakeOneUser(RedisClient admin, DocumentedAcl acl) {
        String[] setUser = acl.setUserArguments("bgj-setuser-form", NS, workerPassword);
        assertEquals("OK", SafeEncoder.encodeObject(admin.sendCommand(Protocol.Command.ACL, setUser)));
        try {
            assertEquals(aclUser(admin, DocumentedAcl.USER), aclUser(admin, "bgj-setuser-form"));
        } finally {
            admin.sendCommand(Protocol.Command.ACL, "DELUSER", "bgj-setuser-form");
        }
    }

    private static String aclUser(RedisClient admin, String user) {
        return String.valueOf(SafeEncoder.encodeObject(admin.sendCommand(Protocol.Command.ACL, "GETUSER", user)));
    }

    private void happyPath(LibertyServer server, RedisClient admin) throws Exception {
        AdminClient api = AdminClient.as(new URL("http://localhost:" + server.httpPort + "/" + APP + "/"), "admin");

        post(server, "enqueue?tag=plain");
        awaitRan(server, "plain");

        post(server, "delayed?tag=delayed&seconds=3");
        JsonObject delayed = (JsonObject) api.json(api.get("background-jobs/api/delayed"));
        assertFalse(ran(server).contains("delayed"), "the delayed job waits");
        assertTrue(delayed.toString().contains("delayed"), "the delayed job is listed: " + delayed);
        awaitRan(server, "delayed");

        post(server, "failing?tag=doomed");
        Await.until("the failing job is in the failed list after its retry", PATIENCE,
                () -> ((JsonObject) api.json(api.get("background-jobs/api/failed"))).getInt("total") == 1);
        assertEquals(List.of("doomed", "doomed"), recorded(server, "attempts"), "one run and one retry");
        post(server, "failing/stop");
        assertEquals(1, ((JsonObject) api.json(api.post("background-jobs/api/failed/retry-all"))).getInt("retried"));
        awaitRan(server, "doomed");

        Await.until("the recurring job ran twice", PATIENCE, () -> recorded(server, "ticks").size() >= 2);

        assertTrue(((JsonObject) api.json(api.post("background-jobs/api/queues/tls-held/pause"))).getBoolean("paused"));
        String once = post(server, "once?key=k");
        assertEquals(once, post(server, "once?key=k"), "a unique job held is not sent twice");
        post(server, "enqueue?tag=held&queue=tls-held");
        Thread.sleep(3_000); // three poll intervals: a paused queue's job would have run by now
        assertFalse(ran(server).contains("held") || ran(server).contains("once-k"), "the paused queue's jobs wait");
        assertFalse(((JsonObject) api.json(api.post("background-jobs/api/queues/tls-held/resume"))).getBoolean("paused"));
        awaitRan(server, "held");
        awaitRan(server, "once-k");

        String tracked = post(server, "gate?name=g1");
        Await.until("the tracked job runs and reports 50 %", PATIENCE, () -> {
            JsonObject status = status(server, tracked);
            return status.getString("state", "").equals("RUNNING") && status.getInt("percent", -1) == 50;
        });
        post(server, "gate/g1/open");
        Await.until("the tracked job succeeded", PATIENCE,
                () -> status(server, tracked).getString("state", "").equals("SUCCEEDED"));
        awaitRan(server, "g1-done");

        String cancelled = post(server, "gate?name=g2");
        Await.until("the job to cancel runs", PATIENCE,
                () -> status(server, cancelled).getString("state", "").equals("RUNNING"));
        assertEquals("true", post(server, "cancel/" + cancelled));
        awaitRan(server, "g2-cancelled");
        Await.until("the cancelled job's status", PATIENCE,
                () -> status(server, cancelled).getString("state", "").equals("CANCELLED"));

        String batch = post(server, "batch?size=3");
        awaitRan(server, "batch-callback");
        JsonObject batchStatus = json(get(server, "batch/" + batch));
        assertEquals(3, batchStatus.getInt("succeeded"), batchStatus.toString());
        assertTrue(batchStatus.getBoolean("complete"), batchStatus.toString());
        assertTrue(ran(server).containsAll(List.of("batch-1", "batch-2", "batch-3")));

        post(server, "chain?word=hello");
        awaitRan(server, "chain-5");

        post(server, "slots?count=4");
        for (int i = 1; i <= 4; i++) {
            awaitRan(server, "slot-" + i);
        }
        assertEquals(List.of("1", "1", "1", "1"), recorded(server, "slots-at-once"), "the concurrency limit of 1 holds");

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri(server, "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("background-jobs-redis"), health.body());
        for (String endpoint : List.of("overview", "queues", "workers", "pools", "throughput", "recurring", "retrying",
                "batches", "pauses", "jobs/" + tracked)) {
            api.json(api.get("background-jobs/api/" + endpoint));
        }
        assertEquals(200, api.get("background-jobs/dashboard/").statusCode());

        List<?> refused = (List<?>) admin.sendCommand(Protocol.Command.ACL, "LOG");
        assertEquals("[]", String.valueOf(SafeEncoder.encodeObject(refused)), "Redis refused the ACL user nothing");
        String clients = SafeEncoder.encode((byte[]) admin.sendCommand(Protocol.Command.CLIENT, "LIST"));
        assertTrue(clients.lines().anyMatch(line -> line.contains(" name=background-jobs ")
                && line.contains(" user=" + DocumentedAcl.USER + " ")), clients);
        assertTrue(admin.exists(NS + ":queues"), "the jobs went through this Redis");
        System.out.printf("tls+acl: %d runs over rediss:// as %s, ACL LOG empty%n", ran(server).size(), DocumentedAcl.USER);
    }

    private void aWrongCaIsReportedAtOnce(LibertyServer server) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(uri(server, "/health/ready"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("tls+acl: with a wrong CA, readiness answered %d in %d ms%n", ready.statusCode(), took.toMillis());
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("BGJ0184E: the TLS handshake with Redis failed"), ready.body());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "readiness answered in " + took);
        Await.until("the workers log the failed handshake", PATIENCE, () -> messages(server).contains("BGJ0184E"));
    }

    private void noPasswordIn(Path logs) throws IOException {
        List<String> secrets = List.of(workerPassword, storePassword, ADMIN_PASSWORD);
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertFalse(text.contains(secret), "a password in " + file);
                }
            }
        }
    }

    private static String messages(LibertyServer server) throws IOException {
        return Files.readString(server.dir.resolve("logs").resolve("messages.log"));
    }

    /** The copy's jvm.options sets the build's Redis URL as a system property, which would win over the override. */
    private static void withoutTheBuildsRedisUrl(LibertyServer server) throws IOException {
        Path options = server.dir.resolve("jvm.options");
        List<String> kept = Files.readAllLines(options).stream()
                .filter(line -> !line.startsWith("-Dbackground-jobs.redis.url=")).toList();
        Files.write(options, kept);
    }

    private static String variables(Map<String, String> values) {
        return values.entrySet().stream().map(entry -> "  <variable name=\"" + entry.getKey() + "\" value=\""
                        + xmlAttribute(entry.getValue()) + "\"/>")
                .collect(Collectors.joining("\n", "<server>\n", "\n</server>\n"));
    }

    private static String xmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    static WebArchive deployment() {
        return Deployments.webArchive(APP)
                .addClasses(PlainJob.class, FailingJob.class, TickJob.class, OnceJob.class, GateJob.class, SlotJob.class,
                        LengthStep.class, ReportStep.class, TlsResource.class, TlsResource.TlsApplication.class,
                        Recorder.class)
                .addAsWebInfResource(new StringAsset(OperationsDeployments.WEB_XML), "web.xml")
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.admin.enabled=true",
                        "background-jobs.pool.default.queues=tls,tls-held",
                        "background-jobs.pool.default.concurrency=4",
                        "background-jobs.poll-interval=1s",
                        "background-jobs.job.SlotJob.concurrency-limit=1")), "META-INF/microprofile-config.properties");
    }

    private static void awaitAnswer(LibertyServer server) throws Exception {
        Await.until("the application answers", PATIENCE, () -> {
            try {
                return get(server, "ready").equals("ready");
            } catch (IOException | AssertionError notYet) {
                return false;
            }
        });
    }

    private static void awaitRan(LibertyServer server, String tag) throws Exception {
        Await.until(tag + " ran", PATIENCE, () -> ran(server).contains(tag));
    }

    private static List<String> ran(LibertyServer server) throws Exception {
        return recorded(server, "ran");
    }

    private static List<String> recorded(LibertyServer server, String topic) throws Exception {
        JsonArray entries = Json.createReader(new StringReader(get(server, "recorded/" + topic))).readArray();
        return entries.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static JsonObject status(LibertyServer server, String id) throws Exception {
        return json(get(server, "status/" + id));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String get(LibertyServer server, String path) throws Exception {
        return answer(HttpRequest.newBuilder(uri(server, "/" + APP + "/rest/tls/" + path)).GET());
    }

    private static String post(LibertyServer server, String path) throws Exception {
        return answer(HttpRequest.newBuilder(uri(server, "/" + APP + "/rest/tls/" + path))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static String answer(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static URI uri(LibertyServer server, String path) {
        return URI.create("http://localhost:" + server.httpPort + path);
    }

    private static String randomHex() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
