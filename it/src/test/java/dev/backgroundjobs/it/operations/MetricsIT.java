package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a run of jobs, the server's MicroProfile Metrics endpoint counts them per job and queue, has
 * their durations and queue waits, and the log has a structured line per dead job.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration WAIT = Duration.ofSeconds(30);

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("metered")
                .addClasses(MeteredJob.class, EnqueueResource.class, ProbeApplication.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-metrics",
                        "background-jobs.pool.default.queues=metered",
                        "background-jobs.pool.default.concurrency=2",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Test
    void theMetricsEndpointCountsEnqueuedProcessedAndFailedRunsWithTheirTimes() throws Exception {
        String before = metrics();
        assertEquals(200, post("app/metered/12/false").statusCode());
        assertEquals(200, post("app/metered/3/true").statusCode());

        try {
            Await.until("15 runs counted", WAIT, () -> added(before, metrics(), "background_jobs_processed_total") == 15);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " in\n" + metrics(), e);
        }
        String after = metrics();
        assertEquals(15, added(before, after, "background_jobs_enqueued_total"), after);
        assertEquals(3, added(before, after, "background_jobs_failed_total"), after);
        assertEquals(3, added(before, after, "background_jobs_dead_total"), after);
        assertEquals(15, added(before, after, "background_jobs_duration_seconds_count"), after);
        assertTrue(added(before, after, "background_jobs_duration_seconds_sum") >= 15 * 0.02, after);
        assertEquals(15, added(before, after, "background_jobs_queue_wait_seconds_count"), after);
        assertTrue(Pattern.compile("background_jobs_duration_seconds\\{[^}]*quantile=\"0.99\"").matcher(after).find(), after);
        assertTrue(Pattern.compile("background_jobs_queue_size\\{[^}]*queue=\"metered\"[^}]*\\} 0").matcher(after).find(),
                after);
        assertTrue(Pattern.compile("background_jobs_busy_workers\\{[^}]*pool=\"default\"").matcher(after).find(), after);
    }

    @Test
    void eachDeadJobHasAStructuredLogLineWithItsId() throws Exception {
        assertEquals(200, post("app/metered/1/true").statusCode());
        Path log = Path.of(System.getProperty("liberty.server.dir"), "logs", "messages.log");
        Pattern line = Pattern.compile("BGJ0105W: job dead: id=[0-9a-f]{32} name=MeteredJob queue=metered attempts=1 "
                + "exception=java\\.lang\\.IllegalStateException error=\"metered failure\"");
        try {
            Await.until("a structured dead line", WAIT, () -> line.matcher(Files.readString(log)).find());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the log has: " + Files.readAllLines(log).stream()
                    .filter(text -> text.contains("BGJ0105W")).toList(), e);
        }
    }

    /** How much the job's series of a metric grew from one reading to the next. */
    private static double added(String before, String after, String name) {
        return value(after, name) - value(before, name);
    }

    /** The value of the job's series of a metric (MP Metrics in Prometheus text), 0 before its first use. */
    private static double value(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*job=\"MeteredJob\"[^}]*\\} ([0-9.Ee+-]+)$")
                .matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private String metrics() throws Exception {
        URI uri = URI.create("http://localhost:" + System.getProperty("liberty.http.port") + "/metrics?scope=application");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
