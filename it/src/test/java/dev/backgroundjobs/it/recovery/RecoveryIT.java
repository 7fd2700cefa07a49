package dev.backgroundjobs.it.recovery;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Recorder;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker that died mid-job (its heartbeat stopped, its job still in its in-flight list) is pruned by
 * this server, and its job goes back to the head of its queue and runs; live workers keep beating.
 */
@ExtendWith(ArquillianExtension.class)
class RecoveryIT {

    static final String NS = "it-recovery";
    static final String DEAD = "gone-host/otherServer/app/default-1:4242:recovery";

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("recovery")
                .addClasses(CountingJob.class, Recorder.class, TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.pool.default.queues=recovery",
                        "background-jobs.heartbeat-interval=1s",
                        "background-jobs.worker-timeout=3s",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Inject
    Recorder recorder;

    @Test
    void theJobOfAWorkerThatStoppedHeartBeatingGoesBackToItsQueueAndRuns() throws Exception {
        String payload = "{\"class\":\"CountingJob\",\"args\":[\"orphan\",7,0],\"id\":\"orphan-1\"}";
        String stale = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        try (RedisClient redis = TestRedis.connect()) {
            // What a worker leaves when it is killed while running a job.
            redis.sadd(NS + ":workers", DEAD);
            redis.set(NS + ":worker:" + DEAD + ":started", stale);
            redis.hset(NS + ":workers:heartbeat", DEAD, stale);
            redis.set(NS + ":worker:" + DEAD, "{\"queue\":\"recovery\",\"run_at\":\"" + stale + "\",\"payload\":" + payload + "}");
            redis.rpush(NS + ":bgj:inflight:" + DEAD, payload);

            assertEquals(List.of(7), recorder.await("orphan", 1, Duration.ofSeconds(20)));
            assertFalse(redis.sismember(NS + ":workers", DEAD));
            assertFalse(redis.exists(NS + ":worker:" + DEAD));
            assertFalse(redis.exists(NS + ":bgj:inflight:" + DEAD));
            assertFalse(redis.hexists(NS + ":workers:heartbeat", DEAD));

            // Our own loops stay registered and their heartbeats are fresh.
            String ours = redis.smembers(NS + ":workers").iterator().next();
            String beat = redis.hget(NS + ":workers:heartbeat", ours);
            assertNotNull(beat);
            assertTrue(Duration.between(Instant.parse(beat), Instant.now()).getSeconds() < 3, beat);
        }
    }
}
