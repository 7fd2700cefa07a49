package dev.backgroundjobs.it.lifecycle;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Recorder;
import dev.backgroundjobs.it.support.TestRedis;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Undeploying stops the loops: a job that ends within the grace period finishes, one that does not is
 * interrupted and put back on its queue byte for byte (not counted as failed), and no worker stays
 * registered.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UndeployIT {

    static final String NS = "it-undeploy";
    static final String APP = "undeploy";
    static final String SHORT_JOB = "{\"class\":\"SleepJob\",\"args\":[1000],\"id\":\"short\"}";
    static final String LONG_JOB = "{\"class\":\"SleepJob\",\"args\":[60000],\"id\":\"long\"}";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = APP, managed = false)
    static WebArchive deployment() {
        return Deployments.webArchive(APP)
                .addClasses(SleepJob.class, EchoJob.class, Recorder.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.pool.default.concurrency=3",
                        "background-jobs.poll-interval=1s",
                        "background-jobs.shutdown-grace-period=3s")), "META-INF/microprofile-config.properties");
    }

    @Test
    void undeployFinishesOrReturnsRunningJobsAndUnregistersEveryWorker() throws Exception {
        try (RedisClient redis = TestRedis.connect()) {
            redis.del(NS + ":queue:life", NS + ":stat:processed", NS + ":stat:failed", NS + ":failed");
            deployer.deploy(APP);
            Await.until("three workers registered", Duration.ofSeconds(30), () -> redis.scard(NS + ":workers") == 3);

            redis.sadd(NS + ":queues", "life");
            redis.rpush(NS + ":queue:life", SHORT_JOB, LONG_JOB);
            Await.until("both jobs running", Duration.ofSeconds(30), () -> redis.keys(NS + ":worker:*").stream().filter(k -> !k.endsWith(":started")).count() == 2);
            deployer.undeploy(APP);

            assertEquals(Set.of(), redis.smembers(NS + ":workers"));
            assertEquals(Set.of(), redis.keys(NS + ":worker:*"));
            assertEquals(Set.of(), redis.keys(NS + ":bgj:inflight:*"));
            assertEquals(0, redis.hlen(NS + ":workers:heartbeat"));
            assertEquals("1", redis.get(NS + ":stat:processed"), "the short job finished within the grace period");
            assertEquals(null, redis.get(NS + ":stat:failed"), "the interrupted job is not a failure");
            assertEquals(List.of(LONG_JOB), redis.lrange(NS + ":queue:life", 0, -1), "the long job is back, unchanged");
        }
    }
}
