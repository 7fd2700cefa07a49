package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.JobBatch;
import dev.backgroundjobs.JobChain;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chains and batches with the transactional outbox on (H2, jdbc/demo): a chain's first step goes
 * through the outbox like any job, carrying the others; a batch inside a transaction is refused, and
 * outside one is sent as without the outbox.
 */
@ExtendWith(ArquillianExtension.class)
class FlowOutboxIT {

    static final String NS = "it-flow-outbox";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("flow-outbox")
                .addPackage(FlowOutboxIT.class.getPackage())
                .addClasses(Await.class, TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "test.deployment=outbox",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.pool.default.queues=flow,flow-callbacks",
                        "background-jobs.outbox.datasource=jdbc/demo",
                        "background-jobs.outbox.table=bgj_outbox_flow")), "META-INF/microprofile-config.properties");
    }

    @Inject
    JobQueue jobs;

    @Inject
    BatchInTransaction transactional;

    RedisClient redis;

    @BeforeEach
    void connect() {
        redis = TestRedis.connect();
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void aChainEnqueuedInATransactionGoesThroughTheOutboxAndPassesItsResultsOn() throws Exception {
        String chain = "outbox-" + UUID.randomUUID();

        List<String> ids = transactional.enqueueChainAndCommit(JobChain.of(JobRequest.of(CountWords.class, chain, "p q"))
                .then(DoubleWords.class, chain, "-2")
                .then(LastStep.class, chain));

        assertEquals(3, ids.size());
        Await.until("the last step ran", WAIT, () -> runs("last:" + chain) == 1);
        try (Jsonb jsonb = JsonbBuilder.create()) {
            assertEquals(List.of("\"p q\"", jsonb.toJson(new Counted("p q", 2)), jsonb.toJson(new Counted("p q-2", 4))),
                    redis.lrange(FlowCounts.arguments(chain), 0, -1));
        }
    }

    @Test
    void aBatchInATransactionIsRefusedAndOutsideOneIsSent() throws Exception {
        String token = "outbox-batch-" + UUID.randomUUID();
        JobBatch inside = JobBatch.of(List.of(JobRequest.of(QuickJob.class, token + "-inside", 0)));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> transactional.enqueueAndCommit(inside));

        assertTrue(refused.getMessage().startsWith("BGJ0174E: batch " + inside.id()), refused.getMessage());
        assertEquals(Optional.empty(), jobs.batchStatus(inside.id()));

        JobBatch outside = JobBatch.of(List.of(JobRequest.of(QuickJob.class, token, 0), JobRequest.of(QuickJob.class, token, 1)))
                .onComplete(JobRequest.of(CallbackJob.class, "complete:" + token));
        jobs.enqueueBatch(outside);
        Await.until("the batch's callback ran", WAIT, () -> runs("complete:" + token) == 1);
        assertEquals(2, runs(token));
        assertEquals(0, runs(token + "-inside"));
        assertEquals(2, jobs.batchStatus(outside.id()).orElseThrow().succeeded());
    }

    int runs(String token) {
        String count = redis.hget(FlowCounts.runs(), token);
        return count == null ? 0 : Integer.parseInt(count);
    }
}
