package dev.backgroundjobs.it.lifecycle;

import dev.backgroundjobs.it.support.Http;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Recorder;
import dev.backgroundjobs.it.support.RedisProcess;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health follows Redis: readiness goes DOWN while Redis is stopped and UP when it is back, liveness
 * stays UP because the loops survive the outage, enqueueing outside a transaction fails loudly in
 * between, a job of a transaction committed in between is sent once Redis is back, and the workers
 * take jobs again once Redis returns.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HealthIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("healthprobe")
                .addClasses(EchoJob.class, ProbeResource.class, ProbeResource.ProbeApplication.class, Recorder.class,
                        TransactionalEcho.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-health",
                        "background-jobs.pool.default.concurrency=2",
                        "background-jobs.poll-interval=1s",
                        "background-jobs.redis.timeout=1s")), "META-INF/microprofile-config.properties");
    }

    @Test
    void readinessFollowsRedisAndWorkersRecover() throws Exception {
        awaitStatus("/health/ready", 200, body -> body.contains("background-jobs-redis"));
        HttpResponse<String> live = Http.get(Http.server("/health/live"));
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().contains("\"loops\":2"), live.body());

        RedisProcess.stop();
        try {
            awaitStatus("/health/ready", 503, body -> body.contains("\"status\":\"DOWN\""));
            HttpResponse<String> refused = Http.post(Http.server("/healthprobe/rest/probe/echo?text=lost"));
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().startsWith("BGJ0026E"), refused.body());
            HttpResponse<String> committed = Http.post(Http.server("/healthprobe/rest/probe/echo-in-transaction?text=committed-in-outage"));
            assertEquals(200, committed.statusCode(), "the transaction commits without Redis: " + committed.body());
            Thread.sleep(2_000); // the loops keep backing off, they do not die
            assertEquals(200, Http.get(Http.server("/health/live")).statusCode());
        } finally {
            RedisProcess.start();
        }

        awaitStatus("/health/ready", 200, body -> body.contains("\"status\":\"UP\""));
        HttpResponse<String> sent = Http.post(Http.server("/healthprobe/rest/probe/echo?text=after-outage"));
        assertEquals(200, sent.statusCode(), sent.body());
        awaitStatus("/healthprobe/rest/probe/echoed", 200, body -> body.contains("after-outage"));
        awaitStatus("/healthprobe/rest/probe/echoed", 200, body -> body.contains("committed-in-outage"));
        assertEquals(200, Http.get(Http.server("/health/live")).statusCode());
    }

    private static void awaitStatus(String path, int status, Predicate<String> body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = Http.get(Http.server(path));
            if (last.statusCode() == status && body.test(last.body())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " never answered " + status + "; last: "
                + (last == null ? "nothing" : last.statusCode() + " " + last.body()));
    }
}
