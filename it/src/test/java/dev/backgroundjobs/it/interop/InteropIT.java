package dev.backgroundjobs.it.interop;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Recorder;
import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.client.Client;
import net.greghaines.jesque.client.ClientImpl;
import net.greghaines.jesque.worker.MapBasedJobFactory;
import net.greghaines.jesque.worker.Worker;
import net.greghaines.jesque.worker.WorkerImpl;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interoperability with Jesque, a Resque implementation nobody here wrote, on the same Redis namespace:
 * Jesque's client enqueues a job our worker runs, and Jesque's worker runs a job our JobQueue enqueued.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InteropIT {

    static final String NS = "it-interop";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("interop")
                .addClasses(GreetingJob.class, InteropResource.class, InteropResource.InteropApplication.class,
                        Recorder.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        // Only our queue: the "jesque" queue belongs to the Jesque worker.
                        "background-jobs.pool.default.queues=interop",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    private static Config jesqueConfig() {
        return new ConfigBuilder().withHost("127.0.0.1").withPort(Integer.getInteger("redis.port"))
                .withNamespace(NS).build();
    }

    @Test
    void ourWorkerRunsAJobThatJesqueEnqueued() throws Exception {
        Client client = new ClientImpl(jesqueConfig());
        try {
            client.enqueue("interop", new Job("GreetingJob", "jesque", 2));
        } finally {
            client.end();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String greetings = "";
        while (!greetings.contains("jesque jesque") && System.nanoTime() < deadline) {
            greetings = http("GET", "rest/interop/greetings");
            Thread.sleep(100);
        }
        assertEquals("jesque jesque", greetings);
    }

    @Test
    void jesquesWorkerRunsAJobThatOurJobQueueEnqueued() throws Exception {
        String id = http("POST", "rest/interop/for-jesque?name=ours");
        assertTrue(id.matches("[0-9a-f]{32}"), id);

        Worker worker = new WorkerImpl(jesqueConfig(), List.of("jesque"),
                new MapBasedJobFactory(Map.of("JesqueSideJob", JesqueSideJob.class)));
        Thread thread = new Thread(worker, "jesque-worker");
        thread.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (JesqueSideJob.RUNS.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            worker.end(true);
            thread.join(10_000);
        }
        assertEquals(List.of("oursx3"), JesqueSideJob.RUNS);
    }

    private String http(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
