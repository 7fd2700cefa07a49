package dev.backgroundjobs.it.demo;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo as a user meets it: changing the city answers at once, and the three follow-up jobs, each
 * slower than the whole request, run afterwards in the background.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DemoIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern CITY = Pattern.compile("\"city\":\"([^\"]*)\"");
    static final Pattern JOB_ID = Pattern.compile("\"[0-9a-f]{32}\"");

    @ArquillianResource
    URL base;

    /** The demo WAR exactly as the build packaged it. */
    @Deployment
    static WebArchive demo() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/background-jobs-demo.war"));
    }

    @Test
    void theRequestReturnsAtOnceWhileThreeJobsRunInTheBackground() throws Exception {
        int before = count(get("api/profiles/activity").body(), "\"job\"");
        String oldCity = CITY.matcher(get("api/profiles/2").body()).results().findFirst().orElseThrow().group(1);
        String newCity = "Lisbon " + System.currentTimeMillis();

        long started = System.nanoTime();
        HttpResponse<String> changed = HTTP.send(HttpRequest.newBuilder(url("api/profiles/2/city"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"city\":\"" + newCity + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(200, changed.statusCode(), changed.body());
        assertTrue(answeredIn.toMillis() < 1_000, "each job takes 1.5 s, the request took " + answeredIn);
        assertEquals(3, JOB_ID.matcher(changed.body()).results().count(), "three job ids: " + changed.body());
        assertTrue(get("api/profiles/2").body().contains("\"city\":\"" + newCity + "\""));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String activity = get("api/profiles/activity").body();
        while (count(activity, "\"job\"") < before + 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            activity = get("api/profiles/activity").body();
        }
        assertTrue(activity.contains("RefreshProfileCache"), activity);
        assertTrue(activity.contains("you moved from " + oldCity + " to " + newCity), activity);
        assertTrue(activity.contains("user 2 in " + newCity), activity);
    }

    @Test
    void anUnknownProfileSendsNoJobs() throws Exception {
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(url("api/profiles/999/city"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"city\":\"Nowhere\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(404, missing.statusCode(), missing.body());
        Thread.sleep(2_000);
        assertTrue(!get("api/profiles/activity").body().contains("Nowhere"), "the rolled-back change ran no job");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
