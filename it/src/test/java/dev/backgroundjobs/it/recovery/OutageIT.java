package dev.backgroundjobs.it.recovery;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Recorder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis stops answering for 10 s in the middle of a run (its process is frozen with SIGSTOP, as in a
 * network cut: the data survives). Every job still runs, workers take jobs again within seconds of
 * Redis answering, and the log has one warning for the outage and one line for the recovery.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OutageIT {

    static final int JOBS = 300;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("outage")
                .addClasses(CountingJob.class, RecoveryResource.class, RecoveryResource.RecoveryApplication.class,
                        Recorder.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-outage",
                        "background-jobs.pool.default.queues=recovery",
                        "background-jobs.pool.default.concurrency=4",
                        "background-jobs.redis.timeout=1s",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Test
    void everyJobRunsThroughATenSecondOutage() throws Exception {
        Path log = Path.of(System.getProperty("liberty.server.dir"), "logs", "messages.log");
        long offset = Files.size(log);
        assertEquals(Integer.toString(JOBS), http("POST", "rest/recovery/enqueue?topic=outage&count=" + JOBS + "&millis=40"));
        awaitRan(30);

        long pid = Long.parseLong(Files.readString(Path.of(System.getProperty("redis.dir"), "redis.pid")).trim());
        signal("STOP", pid);
        int ranBeforeResume;
        try {
            Thread.sleep(10_000);
            ranBeforeResume = ran().size();
        } finally {
            signal("CONT", pid);
        }
        long resumed = System.nanoTime();
        awaitRan(ranBeforeResume + 1);
        Duration recovery = Duration.ofNanos(System.nanoTime() - resumed);
        List<String> all = awaitRan(JOBS);

        Set<String> distinct = new HashSet<>(all);
        assertEquals(JOBS, distinct.size(), "every job ran");
        int duplicates = all.size() - distinct.size();
        System.out.printf("outage: %d jobs, %d ran twice, workers took jobs again %d ms after Redis resumed%n",
                JOBS, duplicates, recovery.toMillis());
        assertTrue(duplicates <= 4, "only jobs in flight at the fault may run twice: " + duplicates);
        assertTrue(recovery.compareTo(Duration.ofSeconds(8)) < 0, "recovered after " + recovery);

        String logged = Files.readString(log, StandardCharsets.UTF_8).substring((int) offset);
        assertEquals(1, count(logged, "BGJ0040W"), logged);
        assertEquals(1, count(logged, "BGJ0041I"), logged);
    }

    private List<String> awaitRan(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> ran = ran();
        while (ran.size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + ran.size() + " of " + count + " ran");
            Thread.sleep(100);
            ran = ran();
        }
        return ran;
    }

    private List<String> ran() throws Exception {
        String body = http("GET", "rest/recovery/ran?topic=outage");
        return body.isEmpty() ? List.of() : Arrays.asList(body.split(","));
    }

    private String http(String method, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private static int count(String text, String part) {
        return text.split(part, -1).length - 1;
    }
}
