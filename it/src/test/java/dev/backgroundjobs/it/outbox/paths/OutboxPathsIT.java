package dev.backgroundjobs.it.outbox.paths;

import dev.backgroundjobs.JobEnqueueException;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Http;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.eclipse.microprofile.config.ConfigProvider;
import redis.clients.jedis.RedisClient;

import javax.sql.DataSource;
import java.io.StringReader;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox's paths on H2 in one deployment: what a commit, a rollback, a delayed and a unique job,
 * a failed write and a send outside a transaction do to the table and to Redis; and a row left behind
 * (as by a crash) that the relay sends, once, even when Redis already has its job.
 */
@ExtendWith(ArquillianExtension.class)
class OutboxPathsIT {

    static final String NS = "it-outbox-paths";
    static final String TABLE = "it_outbox_paths";
    static final String QUEUE = "outbox-paths";
    static final String IDLE_QUEUE = "outbox-paths-idle";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("outbox-paths")
                .addClasses(OutboxPathsIT.class, TallyJob.class, UniqueTallyJob.class, TestRedis.class, Await.class, Http.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.outbox.datasource=jdbc/demo",
                        "background-jobs.outbox.table=" + TABLE,
                        "background-jobs.outbox.relay-after=2s",
                        "background-jobs.heartbeat-interval=1s",
                        "background-jobs.pool.default.queues=" + QUEUE,
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @Inject
    JobQueue jobs;

    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction transaction;

    @Resource(lookup = "jdbc/demo")
    DataSource database;

    RedisClient redis;

    @BeforeEach
    void startClean() throws Exception {
        redis = TestRedis.connect();
        Await.until("the module made its table", PATIENCE, this::tableExists);
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + TABLE);
        }
        redis.keys(NS + ":*").forEach(redis::del);
        redis.del(TallyJob.RUNS);
    }

    @Test
    void aCommittedJobIsARowInsideTheTransactionThenRunsOnceAndItsRowIsGone() throws Exception {
        transaction.begin();
        String id = jobs.enqueue(TallyJob.class, "committed");
        assertEquals(1, rows(), "the row is written in the transaction (the same connection sees it)");
        assertEquals(0, redis.llen(NS + ":queue:" + QUEUE), "nothing reaches Redis before the commit");
        transaction.commit();

        Await.until("the job ran", PATIENCE, () -> "1".equals(redis.hget(TallyJob.RUNS, "committed")));
        Await.until("its row was deleted", PATIENCE, () -> rows() == 0);
        Await.until("its send is forgotten with its row", PATIENCE,
                () -> redis.zscore(NS + ":bgj:outbox:sent", id) == null);
        assertTrue(jobs.status(id).isEmpty(), "an untracked job keeps no status once it ended");
    }

    @Test
    void aRolledBackJobLeavesNoRowAndNeverRuns() throws Exception {
        transaction.begin();
        jobs.enqueue(TallyJob.class, "rolled-back");
        transaction.rollback();

        assertEquals(0, rows());
        Thread.sleep(3_000);  // past relay-after and a heartbeat: a relay that wrongly saw a row would have sent it
        assertEquals(null, redis.hget(TallyJob.RUNS, "rolled-back"));
        assertEquals(0, rows());
    }

    @Test
    void aDelayedJobIsScheduledAtTheCommitFromItsRowAndRunsWhenDue() throws Exception {
        transaction.begin();
        String id = jobs.enqueue(JobRequest.of(TallyJob.class, "delayed").in(Duration.ofSeconds(3)));
        transaction.commit();

        assertTrue(redis.hexists(NS + ":bgj:delayed", id), "scheduled at the commit");
        assertEquals(1, redis.zcard(NS + ":delayed_queue_schedule"));
        Await.until("its row was deleted", PATIENCE, () -> rows() == 0);
        Await.until("the job ran when due", PATIENCE, () -> "1".equals(redis.hget(TallyJob.RUNS, "delayed")));
    }

    @Test
    void aUniqueJobOfASecondTransactionIsDroppedAtItsSendAndBothRowsGo() throws Exception {
        transaction.begin();
        String first = jobs.enqueue(UniqueTallyJob.class, "same");
        transaction.commit();
        transaction.begin();
        String second = jobs.enqueue(UniqueTallyJob.class, "same");
        transaction.commit();

        assertTrue(!first.equals(second), "inside a transaction each answers its own id");
        assertEquals(1, redis.llen(NS + ":queue:" + IDLE_QUEUE));
        Await.until("both rows were deleted", PATIENCE, () -> rows() == 0);
    }

    @Test
    void outsideATransactionTheJobIsSentAtOnceWithoutARow() throws Exception {
        jobs.enqueue(UniqueTallyJob.class, "no-transaction");

        assertEquals(1, redis.llen(NS + ":queue:" + IDLE_QUEUE));
        assertEquals(0, rows());
    }

    @Test
    void aWriteTheTableCannotTakeThrowsInsideTheTransactionAndNothingIsEnqueued() throws Exception {
        transaction.begin();
        try {
            JobEnqueueException refused = assertThrows(JobEnqueueException.class,
                    () -> jobs.enqueue(JobRequest.of(TallyJob.class, "wide").toQueue("q".repeat(250))));
            assertTrue(refused.getMessage().startsWith("BGJ0113E: 1 job(s) could not be written to the outbox table "
                    + TABLE), refused.getMessage());
            assertTrue(refused.getMessage().contains("more than the outbox table's column queue holds (200)"),
                    refused.getMessage());
        } finally {
            transaction.rollback();
        }
        assertEquals(0, rows());
    }

    /**
     * A server that died between the send and the delete leaves a row whose job Redis has: the relay
     * drops it (Redis marked its send, which a crash before the row's delete leaves); a row whose job
     * never reached Redis is sent, once.
     */
    @Test
    void theRelaySendsARowLeftBehindOnceAndDropsOneWhoseJobRedisAlreadyHas() throws Exception {
        String sentBefore = UUID.randomUUID().toString().replace("-", "");
        String neverSent = UUID.randomUUID().toString().replace("-", "");
        redis.zadd(NS + ":bgj:outbox:sent", Instant.now().getEpochSecond(), sentBefore);
        long longAgo = System.currentTimeMillis() - 60_000;
        insertRow(sentBefore, "left-sent", longAgo);
        insertRow(neverSent, "left-unsent", longAgo);

        Await.until("the relay emptied the table", PATIENCE, () -> rows() == 0);
        Await.until("the unsent job ran", PATIENCE, () -> "1".equals(redis.hget(TallyJob.RUNS, "left-unsent")));
        Thread.sleep(1_500);
        assertEquals(Map.of("left-unsent", "1"), redis.hgetAll(TallyJob.RUNS), "the job Redis had is not run again");
        assertEquals(0, redis.zcard(NS + ":bgj:outbox:sent"), "both sends are forgotten with their rows");
    }

    @Test
    void theReadinessCheckCountsTheRowsWaitingAndTheOldestAge() throws Exception {
        // A row no relay takes yet (written just now, relay-after is 2 s) and none before it.
        insertRow(UUID.randomUUID().toString().replace("-", ""), "health", System.currentTimeMillis() + 600_000);

        JsonObject check = outboxCheck();
        assertEquals("UP", check.getString("status"));
        assertEquals(1, check.getJsonObject("data").getInt("waiting"));
        assertEquals(TABLE, check.getJsonObject("data").getString("table"));
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + TABLE);
        }
        assertEquals(0, outboxCheck().getJsonObject("data").getInt("waiting"));
    }

    private JsonObject outboxCheck() throws Exception {
        // In the server, its HTTP port is the server.xml variable the build sets, which Liberty gives to MP Config.
        String port = ConfigProvider.getConfig().getValue("http.port", String.class);
        String body = Http.get(URI.create("http://localhost:" + port + "/health/ready")).body();
        return Json.createReader(new StringReader(body)).readObject().getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject).filter(check -> check.getString("name").equals("background-jobs-outbox"))
                .findFirst().orElseThrow(() -> new AssertionError("no outbox check in " + body));
    }

    private void insertRow(String id, String argument, long createdAt) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (job_id, namespace, queue, payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, NS);
            insert.setString(3, QUEUE);
            insert.setString(4, "{\"class\":\"TallyJob\",\"args\":[\"" + argument + "\"],\"id\":\"" + id + "\"}");
            insert.setLong(5, createdAt);
            insert.executeUpdate();
        }
    }

    private boolean tableExists() throws SQLException {
        try (Connection connection = database.getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, null, TABLE.toUpperCase(), null)) {
            return tables.next();
        }
    }

    private long rows() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + TABLE + " WHERE namespace = '" + NS + "'")) {
            count.next();
            return count.getLong(1);
        }
    }
}
