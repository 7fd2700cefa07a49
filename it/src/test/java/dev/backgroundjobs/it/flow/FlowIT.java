package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.BatchStatus;
import dev.backgroundjobs.InvalidJobArgumentsException;
import dev.backgroundjobs.JobBatch;
import dev.backgroundjobs.JobChain;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches and chains on two deployments of one application on the build's server, sharing one Redis
 * namespace, each with its own worker loops: as two servers would, they take the batch's jobs from one
 * queue, and each ends some of them. The tests run in deployment "a"; "b" only works.
 */
@ExtendWith(ArquillianExtension.class)
class FlowIT {

    static final Duration WAIT = Duration.ofSeconds(90);

    @Deployment(name = "a", order = 1)
    static WebArchive a() {
        return deployment("a");
    }

    @Deployment(name = "b", order = 2, testable = false)
    static WebArchive b() {
        return deployment("b");
    }

    static WebArchive deployment(String name) {
        return Deployments.webArchive("flow-" + name)
                .addPackage(FlowIT.class.getPackage())
                .addClasses(Await.class, TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "test.deployment=" + name,
                        "background-jobs.namespace=" + FlowCounts.NS,
                        "background-jobs.pools=main,barrier",
                        "background-jobs.pool.main.queues=flow,flow-callbacks",
                        "background-jobs.pool.main.concurrency=4",
                        // Each deployment alone reads its barrier queue, so that each ends one of the last two jobs.
                        "background-jobs.pool.barrier.queues=flow-barrier-" + name,
                        "background-jobs.pool.barrier.concurrency=1",
                        "background-jobs.job.BrokenStep.max-attempts=1",
                        "background-jobs.job.DyingJob.max-attempts=1")), "META-INF/microprofile-config.properties");
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
    @OperateOnDeployment("a")
    void aBatchOfAThousandFiresEachCallbackOnceAndBothDeploymentsRanItsJobs() throws Exception {
        String token = "thousand-" + UUID.randomUUID();
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            requests.add(JobRequest.of(QuickJob.class, token, i));
        }
        JobBatch batch = JobBatch.of(requests);

        String id = jobs.enqueueBatch(withCallbacks(batch));

        assertEquals(batch.id(), id);
        awaitCallbacks(id);
        assertEquals(1, runs("success:" + id));
        assertEquals(1, runs("complete:" + id));
        assertEquals(1000, runs(token));
        assertTrue(runs(token + "@a") > 0 && runs(token + "@b") > 0,
                "both deployments ran jobs of the batch: a " + runs(token + "@a") + ", b " + runs(token + "@b"));
        BatchStatus status = jobs.batchStatus(id).orElseThrow();
        assertEquals(List.of(1000, 0, 1000, 0, 0), List.of(status.total(), status.pending(), status.succeeded(),
                status.failed(), status.dead()));
        assertTrue(status.complete() && status.completed().isPresent(), status.toString());
    }

    @Test
    @OperateOnDeployment("a")
    void whenTheLastTwoJobsEndTogetherOnTheTwoDeploymentsEachCallbackFiresOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            String token = "barrier-" + round + "-" + UUID.randomUUID();
            List<JobRequest> requests = new ArrayList<>();
            for (int i = 0; i < 998; i++) {
                requests.add(JobRequest.of(QuickJob.class, token, i));
            }
            requests.add(JobRequest.of(BarrierJob.class, token, token).toQueue("flow-barrier-a"));
            requests.add(JobRequest.of(BarrierJob.class, token, token).toQueue("flow-barrier-b"));

            String id = jobs.enqueueBatch(withCallbacks(JobBatch.of(requests)));

            Await.until("998 jobs ended and the last two wait at the barrier on both deployments", WAIT,
                    () -> jobs.batchStatus(id).orElseThrow().pending() == 2 && redis.llen(FlowCounts.arrived(token)) == 2);
            assertEquals(List.of("a", "b"), redis.lrange(FlowCounts.arrived(token), 0, -1).stream().sorted().toList());
            assertEquals(0, runs("complete:" + id));
            redis.rpush(FlowCounts.release(token), "go", "go");

            awaitCallbacks(id);
            assertEquals(1, runs("success:" + id), "round " + round);
            assertEquals(1, runs("complete:" + id), "round " + round);
            assertEquals(1000, runs(token));
            BatchStatus status = jobs.batchStatus(id).orElseThrow();
            assertEquals(List.of(1000, 0, 1000, 0), List.of(status.total(), status.pending(), status.succeeded(), status.dead()));
        }
    }

    @Test
    @OperateOnDeployment("a")
    void aBatchWithADeadJobCompletesWithoutItsSuccessCallback() throws Exception {
        String token = "dead-" + UUID.randomUUID();
        JobBatch batch = JobBatch.of(List.of(JobRequest.of(QuickJob.class, token, 0), JobRequest.of(DyingJob.class, token),
                JobRequest.of(QuickJob.class, token, 1)));

        String id = jobs.enqueueBatch(withCallbacks(batch));

        Await.until("the complete callback ran", WAIT, () -> runs("complete:" + id) == 1 && quiet());
        assertEquals(0, runs("success:" + id));
        BatchStatus status = jobs.batchStatus(id).orElseThrow();
        assertEquals(List.of(3, 0, 2, 0, 1), List.of(status.total(), status.pending(), status.succeeded(),
                status.failed(), status.dead()));
    }

    @Test
    @OperateOnDeployment("a")
    void aFiveStepChainPassesEachResultOn() throws Exception {
        String chain = "five-" + UUID.randomUUID();

        List<String> ids = jobs.enqueueChain(JobChain.of(JobRequest.of(CountWords.class, chain, "a b c"))
                .then(DoubleWords.class, chain, "-2")
                .then(DoubleWords.class, chain, "-3")
                .then(DoubleWords.class, chain, "-4")
                .then(LastStep.class, chain));

        assertEquals(5, new HashSet<>(ids).size());
        Await.until("the last step ran", WAIT, () -> runs("last:" + chain) == 1);
        try (Jsonb jsonb = JsonbBuilder.create()) {
            assertEquals(List.of("\"a b c\"", jsonb.toJson(new Counted("a b c", 3)), jsonb.toJson(new Counted("a b c-2", 6)),
                    jsonb.toJson(new Counted("a b c-2-3", 12)), jsonb.toJson(new Counted("a b c-2-3-4", 24))),
                    redis.lrange(FlowCounts.arguments(chain), 0, -1));
        }
    }

    @Test
    @OperateOnDeployment("a")
    void aFailingStepStopsTheChainAndItsFailedRecordSaysWhatWasLeft() throws Exception {
        String chain = "broken-" + UUID.randomUUID();

        List<String> ids = jobs.enqueueChain(JobChain.of(JobRequest.of(CountWords.class, chain, "x y"))
                .then(BrokenStep.class, chain)
                .then(LastStep.class, chain));

        Await.until("the broken step is in the failed list", WAIT, () -> failedPayload(ids.get(1)).isPresent() && quiet());
        JsonObject payload = failedPayload(ids.get(1)).orElseThrow();
        assertEquals("BrokenStep", payload.getString("class"));
        assertEquals("2/3", payload.getString("bgj_chain_step"));
        assertEquals(1, payload.getJsonArray("bgj_chain").size());
        assertEquals("LastStep", payload.getJsonArray("bgj_chain").getJsonObject(0).getString("class"));
        assertEquals(ids.get(2), payload.getJsonArray("bgj_chain").getJsonObject(0).getString("id"));
        assertEquals(0, runs("last:" + chain));
        assertEquals(1, redis.llen(FlowCounts.arguments(chain)), "only the first step ran");
    }

    @Test
    @OperateOnDeployment("a")
    void inATransactionABatchIsSentAfterTheCommitAndNeverAfterARollback() throws Exception {
        String token = "tx-" + UUID.randomUUID();
        JobBatch committed = withCallbacks(JobBatch.of(List.of(JobRequest.of(QuickJob.class, token, 0),
                JobRequest.of(QuickJob.class, token, 1))));
        JobBatch rolledBack = withCallbacks(JobBatch.of(List.of(JobRequest.of(QuickJob.class, token + "-rolled-back", 0))));

        assertEquals(false, transactional.enqueueAndCommit(committed), "nothing is sent before the commit");
        assertThrows(BatchInTransaction.RolledBack.class, () -> transactional.enqueueAndRollBack(rolledBack));

        awaitCallbacks(committed.id());
        assertEquals(2, runs(token));
        assertEquals(1, runs("complete:" + committed.id()));
        assertEquals(Optional.empty(), jobs.batchStatus(rolledBack.id()));
        assertEquals(0, runs(token + "-rolled-back"));
    }

    @Test
    @OperateOnDeployment("a")
    void whatCannotWorkIsRefusedAtEnqueue() {
        JobChain first = JobChain.of(JobRequest.of(CountWords.class, "c", "t"));
        InvalidJobArgumentsException arity = assertThrows(InvalidJobArgumentsException.class,
                () -> jobs.enqueueChain(first.then(LastStep.class)));
        assertTrue(arity.getMessage().contains("BGJ0021E"), arity.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> jobs.enqueueChain(first.then(LastStep.class, "c").then(DoubleWords.class, "c", "-")));
        assertTrue(type.getMessage().contains("BGJ0178E") && type.getMessage().contains("returns void"), type.getMessage());
        IllegalArgumentException delayed = assertThrows(IllegalArgumentException.class, () -> jobs.enqueueBatch(
                JobBatch.of(List.of(JobRequest.of(QuickJob.class, "t", 0).in(Duration.ofMinutes(1))))));
        assertTrue(delayed.getMessage().contains("BGJ0175E"), delayed.getMessage());
        assertEquals(Optional.empty(), jobs.batchStatus("0123456789abcdef0123456789abcdef"));
        assertEquals(Optional.empty(), jobs.batchStatus("not an id"));
    }

    static JobBatch withCallbacks(JobBatch batch) {
        return batch.onSuccess(JobRequest.of(CallbackJob.class, "success:" + batch.id()))
                .onComplete(JobRequest.of(CallbackJob.class, "complete:" + batch.id()));
    }

    /**
     * Waits until both callbacks ran and nothing of the namespace is queued or running: a second push of
     * a callback would by then have run, or still be seen.
     */
    void awaitCallbacks(String batchId) throws Exception {
        Await.until("the batch's callbacks ran", WAIT,
                () -> runs("success:" + batchId) >= 1 && runs("complete:" + batchId) >= 1 && quiet());
    }

    /** No job queued or in flight in the namespace. */
    boolean quiet() {
        for (String queue : List.of("flow", "flow-callbacks", "flow-barrier-a", "flow-barrier-b")) {
            if (redis.llen(FlowCounts.NS + ":queue:" + queue) > 0) {
                return false;
            }
        }
        return redis.keys(FlowCounts.NS + ":bgj:inflight:*").stream().allMatch(list -> redis.llen(list) == 0);
    }

    int runs(String token) {
        String count = redis.hget(FlowCounts.runs(), token);
        return count == null ? 0 : Integer.parseInt(count);
    }

    Optional<JsonObject> failedPayload(String jobId) {
        return redis.lrange(FlowCounts.NS + ":failed", 0, -1).stream()
                .map(record -> Json.createReader(new StringReader(record)).readObject().getJsonObject("payload"))
                .filter(payload -> jobId.equals(payload.getString("id", null)))
                .findFirst();
    }
}
