package dev.backgroundjobs.it.interop;

import dev.backgroundjobs.it.support.RunCounts;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * node-resque 9 (from npm, run by node as separate processes) on the same Redis namespace as our
 * servers: its producer sends jobs our workers run, its worker runs jobs our JobQueue sent, and its
 * scheduler moves delayed jobs beside our housekeeper: thousands of jobs due in one second, sent by
 * both, each queued and run exactly once, and afterwards no scheduling key left behind or without an
 * expiry. The figures are printed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeResqueIT {

    static final String NS = "it-node";
    static final String OUR_QUEUE = "node-in";
    static final String NODE_QUEUE = "node-out";
    static final String LEADER_LOCK = NS + ":resque_scheduler_leader_lock";
    private static final int JOBS = 1_000;
    /** Tokens of this run: the class may run again on the same Redis (failsafe's second execution, say). */
    private static final String RUN = "r" + Long.toString(System.currentTimeMillis(), 36);
    /** Delayed jobs per sender in rounds 1 and 2: twice this many are due in the same second. */
    private static final int DELAYED = 3_000;
    /** In round 3, so that node-resque is still moving when its lock of one second lapses. */
    private static final int DELAYED_ROUND_3 = 5_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Keys a namespace keeps without an expiry by design: bounded by queues, workers and failures, not by jobs. */
    private static final Pattern PERMANENT = Pattern.compile(Pattern.quote(NS + ":") + "(queues|queue:.+|failed|stat:.+"
            + "|workers|workers:heartbeat|worker:.+|bgj:workers|bgj:wake:.+|bgj:wake-server:.+|test:.+"
            // node-resque writes it on every connect, as a check, and never removes it.
            + "|connection_test_key)");

    static RedisClient redis;

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("node")
                .addClasses(PeerJob.class, RunCounts.class, NodeResource.class, NodeResource.NodeApplication.class,
                        TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        // Only our queue: node-out belongs to node-resque's worker.
                        "background-jobs.pool.default.queues=" + OUR_QUEUE,
                        "background-jobs.pool.default.concurrency=4",
                        "background-jobs.poll-interval=1s",
                        // The delayed jobs' statuses show who moved each (queued or succeeded).
                        "background-jobs.track-status=all",
                        "background-jobs.heartbeat-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    static void connect() {
        redis = TestRedis.connect();
    }

    @AfterAll
    static void disconnect() {
        Set<String> records = redis.keys(NS + ":test:*");
        if (!records.isEmpty()) {
            redis.del(records.toArray(String[]::new));
        }
        redis.close();
    }

    @Test
    void ourWorkersRunEachJobThatNodeResquesProducerSentOnce() throws Exception {
        long start = System.nanoTime();
        String prefix = RUN + "-from-node";
        long before = redis.hlen(RunCounts.key(NS));
        JsonObject sent = NodePeer.start("producer", NS, "--queue=" + OUR_QUEUE, "--class=PeerJob", "--count=" + JOBS,
                "--prefix=" + prefix).finish(Duration.ofMinutes(1));
        assertEquals(JOBS, sent.getInt("enqueued"));
        Await.until(JOBS + " jobs from node-resque ran", Duration.ofMinutes(1),
                () -> redis.hlen(RunCounts.key(NS)) >= before + JOBS && redis.llen(NS + ":queue:" + OUR_QUEUE) == 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        // Anything run twice would show up after the last one.
        Thread.sleep(1_000);
        assertRanOnce(prefix, JOBS, runs(RunCounts.key(NS), prefix + "-"));
        assertEquals(0, redis.llen(NS + ":failed"), "failed records");
        System.out.printf("NodeResqueIT: node-resque's Queue.enqueue sent %d jobs in %d ms; our workers ran each once,"
                + " all in %.1f s from the producer's start%n", JOBS, sent.getInt("millis"), seconds);
    }

    @Test
    void nodeResquesWorkerRunsEachJobThatOurJobQueueSentOnce() throws Exception {
        String prefix = RUN + "-to-node";
        NodePeer worker = NodePeer.start("worker", NS, "--queue=" + NODE_QUEUE, "--class=NodeEcho",
                "--count=" + JOBS, "--timeout=90");
        try {
            assertEquals(Integer.toString(JOBS),
                    post("rest/node/by-name?queue=" + NODE_QUEUE + "&job=NodeEcho&prefix=" + prefix
                            + "&count=" + JOBS));
            JsonObject done = worker.finish(Duration.ofMinutes(2));
            assertEquals(JOBS, done.getInt("succeeded"), worker.errors());
            assertEquals(0, done.getInt("failed"), worker.errors());
            Thread.sleep(500);
            assertRanOnce(prefix, JOBS, runs(NS + ":test:node-runs", prefix + "-"));
            assertEquals(0, redis.llen(NS + ":queue:" + NODE_QUEUE), "jobs left on " + NODE_QUEUE);
            assertTrue(redis.smembers(NS + ":workers").stream().noneMatch(id -> id.endsWith(":" + NODE_QUEUE)),
                    "node-resque's worker unregistered: " + redis.smembers(NS + ":workers"));
            System.out.printf("NodeResqueIT: node-resque's Worker ran each of %d jobs from our"
                    + " JobQueue.enqueue(JobRequest.named(...)) once, in %d ms%n", JOBS, done.getInt("millis"));
        } finally {
            worker.kill();
        }
    }

    /**
     * Three rounds, each of {@value #DELAYED} ({@value #DELAYED_ROUND_3} in round 3) delayed jobs from
     * node-resque's Queue.enqueueAt and as many from our JobRequest.at, all due in the same second,
     * while node-resque's Scheduler polls every 100 ms and our housekeeper every second: (1) our server
     * holds the scheduler locks, so node-resque's scheduler moves nothing; (2) node-resque's scheduler
     * holds its leader lock (as when it won the election) and moves every job, ours none; (3) it holds it
     * for one second only, so its lock lapses while it moves and our housekeeper takes over the rest of
     * the same second beside it (how many each moves varies from run to run; each job is queued once
     * either way).
     */
    @Test
    void nodeResquesSchedulerAndOursMoveEachDelayedJobOnce() throws Exception {
        Await.until("our server holds the scheduler locks", Duration.ofSeconds(20), () -> ours(redis.get(LEADER_LOCK)));
        List<String> figures = new ArrayList<>();
        List<String> ourIds = new ArrayList<>();
        Set<String> movedByNode = new HashSet<>();
        figures.add(round(1, false, 180, DELAYED, ourIds, movedByNode, transferred -> assertEquals(0, transferred,
                "jobs node-resque's scheduler moved while our server held the lock")));
        figures.add(round(2, true, 180, DELAYED, ourIds, movedByNode, transferred -> assertEquals(2 * DELAYED,
                transferred, "jobs node-resque's scheduler moved while it held its lock")));
        figures.add(round(3, true, 1, DELAYED_ROUND_3, ourIds, movedByNode,
                transferred -> assertTrue(transferred > 0 && transferred <= 2 * DELAYED_ROUND_3,
                "jobs node-resque's scheduler moved: " + transferred)));

        // Our jobs that node-resque moved lost their id: our index forgets them a minute after they were due.
        long waitStart = System.nanoTime();
        Await.until("our delayed index forgets the jobs node-resque moved", Duration.ofMinutes(2),
                () -> redis.hlen(NS + ":bgj:delayed") == 0 && redis.zcard(NS + ":bgj:delayed:due") == 0);
        double reconciled = (System.nanoTime() - waitStart) / 1e9;

        Map<String, Long> ttls = ttls();
        List<String> scheduling = ttls.keySet().stream().filter(key -> key.startsWith(NS + ":timestamps:")
                || key.startsWith(NS + ":delayed:") || key.equals(NS + ":delayed_queue_schedule")).toList();
        assertEquals(List.of(), scheduling, "scheduling keys left after every job was moved");
        List<String> withoutExpiry = ttls.entrySet().stream().filter(key -> key.getValue() == -1)
                .map(Map.Entry::getKey).filter(key -> !PERMANENT.matcher(key).matches()).sorted().toList();
        assertEquals(List.of(), withoutExpiry, "keys without an expiry that should have one");
        assertEquals(2 * DELAYED + DELAYED_ROUND_3, new TreeSet<>(ourIds).size(), "ids of our delayed jobs");
        // A job we moved ran with its id; one node-resque moved ran without it, and its status says queued.
        Map<String, Integer> states = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (String id : ourIds) {
            String key = NS + ":job:" + id + ":status";
            assertTrue(ttls.getOrDefault(key, -2L) > 0, key + " expires");
            String state = Json.createReader(new StringReader(redis.get(key))).readObject().getString("state");
            states.merge(state, 1, Integer::sum);
            if (!state.equals(movedByNode.contains(id) ? "queued" : "succeeded")) {
                wrong.add(id + (movedByNode.contains(id) ? " (moved by node-resque): " : ": ") + state);
            }
        }
        assertEquals(List.of(), wrong, "statuses of our delayed jobs");
        figures.forEach(System.out::println);
        System.out.printf("NodeResqueIT: afterwards: %d keys in the namespace, %d without an expiry (all of them"
                        + " queues, workers, counters, wake lists, the failed list or test records), no timestamps:*,"
                        + " delayed:* or delayed_queue_schedule key; our index forgot node-moved jobs %.0f s after"
                        + " the last round; statuses of our %d delayed jobs %s%n", ttls.size(),
                ttls.values().stream().filter(ttl -> ttl == -1).count(), reconciled, ourIds.size(), states);
    }

    /** One round of {@link #nodeResquesSchedulerAndOursMoveEachDelayedJobOnce}; returns its figures. */
    private String round(int round, boolean nodeLeads, int lockSeconds, int perSender, List<String> ourIds,
            Set<String> movedByNode, TransferCheck check)
            throws Exception {
        String prefix = RUN + "-round" + round;
        long before = redis.hlen(RunCounts.key(NS));
        long due = Instant.now().getEpochSecond() + 8;
        String name = "node-it-scheduler-" + round;
        if (nodeLeads) {
            // As when node-resque's scheduler won the election: its value in its lock.
            redis.set(LEADER_LOCK, name, SetParams.setParams().ex(30));
        }
        NodePeer scheduler = NodePeer.start("scheduler", NS, "--seconds=" + (due - Instant.now().getEpochSecond() + 8),
                "--name=" + name, "--lock-seconds=" + lockSeconds, "--poll-millis=100", "--record=node-moved");
        try {
            NodePeer producer = NodePeer.start("producer", NS, "--queue=" + OUR_QUEUE, "--class=PeerJob",
                    "--count=" + perSender, "--prefix=" + prefix + "-node", "--at=" + due * 1000);
            List<String> ids = post("rest/node/delayed?at=" + due + "&count=" + perSender + "&prefix=" + prefix
                    + "-ours").lines().toList();
            assertEquals(perSender, ids.size(), "ids from our enqueueAt");
            ourIds.addAll(ids);
            assertEquals(perSender, producer.finish(Duration.ofMinutes(1)).getInt("enqueued"));
            long sentBy = Instant.now().getEpochSecond();
            assertTrue(sentBy < due, "round " + round + ": the jobs were sent by " + sentBy + ", not before " + due);
            assertEquals(2 * perSender, redis.llen(NS + ":delayed:" + due), "jobs waiting for the same second");

            Await.until("round " + round + ": every delayed job ran", Duration.ofMinutes(2),
                    () -> redis.hlen(RunCounts.key(NS)) >= before + 2 * perSender
                            && redis.llen(NS + ":queue:" + OUR_QUEUE) == 0);
            double seconds = System.currentTimeMillis() / 1e3 - due;
            JsonObject summary = scheduler.finish(Duration.ofMinutes(1));
            assertEquals(0, summary.getInt("errors"), scheduler.errors());
            Map<String, String> runs = runs(RunCounts.key(NS), prefix + "-");
            assertRanOnce(prefix + "-node", perSender, filter(runs, prefix + "-node-"));
            assertRanOnce(prefix + "-ours", perSender, filter(runs, prefix + "-ours-"));
            assertEquals(2 * perSender, runs.size(), "round " + round + ": tokens that ran " + runs.size());
            int transferred = summary.getInt("transferred");
            check.verify(transferred);
            Set<String> nodeMoved = redis.smembers(NS + ":test:node-moved").stream()
                    .filter(token -> token.startsWith(prefix + "-")).collect(Collectors.toSet());
            assertEquals(transferred, nodeMoved.size(), "tokens of the jobs node-resque's scheduler says it moved");
            for (int i = 0; i < perSender; i++) {
                if (nodeMoved.contains(prefix + "-ours-" + i)) {
                    movedByNode.add(ids.get(i));
                }
            }
            assertEquals(0, redis.llen(NS + ":failed"), "failed records");
            Await.until("our server holds the scheduler locks again", Duration.ofSeconds(20),
                    () -> ours(redis.get(LEADER_LOCK)));
            String lock = nodeLeads ? "node-resque holds its lock for " + lockSeconds + " s at a time"
                    : "our server holds the locks";
            long oursMovedByNode = nodeMoved.stream().filter(token -> token.contains("-ours-")).count();
            return String.format("NodeResqueIT: scheduler round %d (%s): %d delayed jobs due in one second (%d"
                            + " from node-resque's enqueueAt, %d from our enqueueAt); node-resque's scheduler (leader %d"
                            + " times) moved %d (%d of them sent by us) in %d ms, our housekeeper %d; each queued and run"
                            + " exactly once, the last %.1f s after the due second began", round, lock, 2 * perSender,
                    perSender, perSender, summary.getInt("leaderTurns"), transferred, oursMovedByNode,
                    summary.getInt("transferMillis"), 2 * perSender - transferred, seconds);
        } finally {
            scheduler.kill();
        }
    }

    private interface TransferCheck {
        void verify(int transferred);
    }

    private static boolean ours(String lockValue) {
        return lockValue != null && lockValue.startsWith("bgj:");
    }

    private static void assertRanOnce(String prefix, int count, Map<String, String> runs) {
        Set<String> expected = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, new TreeSet<>(runs.keySet()), "the " + prefix + " jobs that ran");
        Map<String, String> twice = runs.entrySet().stream().filter(run -> !run.getValue().equals("1"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), twice, prefix + " jobs that ran more than once");
    }

    /** The runs recorded in {@code hash} of the tokens starting with {@code prefix}. */
    private static Map<String, String> runs(String hash, String prefix) {
        return filter(redis.hgetAll(hash), prefix);
    }

    private static Map<String, String> filter(Map<String, String> runs, String prefix) {
        return runs.entrySet().stream().filter(run -> run.getKey().startsWith(prefix))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Every key of the namespace, with its TTL in seconds (-1 for none), by SCAN. */
    private static Map<String, Long> ttls() {
        Map<String, Long> ttls = new TreeMap<>();
        ScanParams params = new ScanParams().match(NS + ":*").count(1_000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            for (String key : page.getResult()) {
                long ttl = redis.ttl(key);
                if (ttl != -2) {
                    ttls.put(key, ttl);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return ttls;
    }

    private String post(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
