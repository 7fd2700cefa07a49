package dev.backgroundjobs.it.sentinel;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Http;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.RedisBinaries;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis Sentinel on loopback (1 master, 1 replica, 3 sentinels, {@link RedisHa}) under a real Liberty
 * server (a copy of the build's, its configDropins naming the sentinels) that runs two copies of a probe
 * application: one enqueues without WAIT, one with {@code wait-replicas=1}. Each in turn enqueues 5,000
 * jobs, one call each, while its workers run them. Halfway, the replica is cut off (as by a network
 * partition) and the master, which goes on taking writes alone, is killed with SIGKILL 300 ms later: the
 * sentinels promote the replica, the module follows without a restart, and every job whose enqueue
 * returned runs, but for those the master took alone without WAIT (async replication's loss). With WAIT
 * those enqueues throw BGJ0191E instead, and nothing acknowledged is lost. Once the sentinels promote,
 * the killed node comes back as the new master's replica, so the second failover goes the other way.
 * What was lost, what ran twice, and what WAIT costs an enqueue are printed.
 */
class SentinelFailoverCrashIT {

    static final int JOBS = 5_000;
    static final int CALLS_PER_REQUEST = 50;
    static final String ASYNC_APP = "sentinel-async";
    static final String WAIT_APP = "sentinel-wait";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** How long the master takes writes alone, cut off from its replica, before it is killed. */
    static final long PARTITION_MILLIS = 300;
    /** Leeway for a run the worker began as the master died (its fetch was never replicated). */
    static final long RUN_LEEWAY_MILLIS = 1_000;
    /** The calm measure's sequence numbers, apart from the failover runs'. */
    static final int CALM_SEQUENCES = 1_000_000;

    final Path dir = Path.of("target", "sentinel-it").toAbsolutePath();

    @Test
    void everyAcknowledgedJobRunsThroughAFailoverWithAndWithoutWait() throws Exception {
        RedisBinaries binaries = RedisBinaries.withSentinel();
        deleteTree(dir);
        try (RedisHa ha = RedisHa.start(binaries, dir.resolve("redis"))) {
            LibertyServer build = LibertyServer.build();
            LibertyServer server = build.copy(build.name() + "-sentinel");
            server.override("zz-sentinel.xml", "<server>\n"
                    + variable("background-jobs.redis.sentinels", ha.sentinelAddresses())
                    + variable("background-jobs.redis.master-name", RedisHa.MASTER_NAME)
                    + variable("background-jobs.redis.password", RedisHa.MASTER_PASSWORD)
                    + variable("background-jobs.redis.sentinel-user", RedisHa.SENTINEL_USER)
                    + variable("background-jobs.redis.sentinel-password", RedisHa.SENTINEL_PASSWORD)
                    + variable("background-jobs.redis.timeout", "2s")
                    + "</server>\n");
            server.deploy(probeApp(ASYNC_APP, 0));
            server.deploy(probeApp(WAIT_APP, 1));
            try {
                server.start();
                awaitReady(server, ASYNC_APP);
                awaitReady(server, WAIT_APP);

                Map<String, Enqueued> asyncAcks = new HashMap<>();
                Map<String, Enqueued> waitAcks = new HashMap<>();
                List<Long> asyncMicros = new ArrayList<>();
                List<Long> waitMicros = new ArrayList<>();
                measureCalmly(server, asyncAcks, asyncMicros, waitAcks, waitMicros);

                Failover withoutWait = failover(server, ha, ASYNC_APP, asyncAcks);
                Failover withWait = failover(server, ha, WAIT_APP, waitAcks);

                String latency = String.format("sentinel: enqueue latency on a healthy pair (%d calls each, alternating):"
                                + " without WAIT median %d us, p99 %d us; with WAIT 1 median %d us, p99 %d us",
                        asyncMicros.size(), percentile(asyncMicros, 50), percentile(asyncMicros, 99),
                        percentile(waitMicros, 50), percentile(waitMicros, 99));
                System.out.println(withoutWait.report("without WAIT"));
                System.out.println(withWait.report("with WAIT 1 (wait-timeout 250ms)"));
                System.out.println(latency);

                withoutWait.assertOnlyReplicationLost();
                assertTrue(withoutWait.lost.size() > 0, "without WAIT, jobs the master took alone are lost with it");
                withWait.assertOnlyReplicationLost();
                assertEquals(0, withWait.lost.size(), "with WAIT 1 no acknowledged job may be lost: " + withWait.lost);
                assertTrue(withWait.replicasBehind > 0, "with WAIT 1 an enqueue the replica did not get throws BGJ0191E");
                assertNoSecretLogged(server);
            } finally {
                server.stop();
                server.keepLogs(dir.resolve("liberty-logs"));
                server.undeploy(ASYNC_APP);
                server.undeploy(WAIT_APP);
                server.delete();
            }
        }
    }

    /**
     * Enqueues {@link #JOBS} jobs through {@code app}, killing the master halfway, then waits until every
     * acknowledged job ran or the runs stop growing with the queue empty.
     */
    private Failover failover(LibertyServer server, RedisHa ha, String app, Map<String, Enqueued> acks) throws Exception {
        Failover failover = new Failover(ha.master());
        failover.promoted = ha.replicaOf(failover.killed);
        try (Jedis replica = ha.node(failover.promoted)) {
            // A killed master started again on its port can be reached by the module's reconnects in the
            // moment before the sentinels announce the new master, and its scripts loaded there: emptied
            // here, the replica about to be promoted lacks them for sure.
            replica.scriptFlush();
            replica.configResetStat();
            assertFalse(replica.info("commandstats").contains("cmdstat_evalsha"), "the replica's statistics were reset");
        }
        int sequence = 0;
        CompletableFuture<Void> rejoined = null;
        while (sequence < JOBS) {
            if (failover.partitionedAt == 0 && sequence >= JOBS / 2) {
                ha.partition(failover.killed, failover.promoted);
                failover.partitionedAt = System.currentTimeMillis();
            }
            if (failover.killedAt == 0 && failover.partitionedAt > 0
                    && System.currentTimeMillis() - failover.partitionedAt >= PARTITION_MILLIS) {
                failover.killedAt = System.currentTimeMillis();
                failover.enqueuedAtKill = sequence;
                ha.kill9(failover.killed);
                ha.heal(failover.promoted);
            }
            if (failover.killedAt > 0 && rejoined == null && ha.master() == failover.promoted) {
                // As operations would: the killed node comes back as the promoted one's replica, while jobs go on.
                failover.promotedAt = System.currentTimeMillis();
                rejoined = CompletableFuture.runAsync(() -> rejoin(ha, failover));
            }
            for (String line : post(server, app, "enqueue?from=" + sequence + "&count="
                    + Math.min(CALLS_PER_REQUEST, JOBS - sequence)).lines().toList()) {
                String[] fields = line.split(" ", 3);
                if (fields[0].equals("failed")) {
                    failover.failedCalls++;
                    if (fields[2].contains("BGJ0191E")) {
                        failover.replicasBehind++;
                    }
                    sequence = Integer.parseInt(fields[1]);
                    Thread.sleep(50);
                    break;
                }
                Enqueued enqueued = Enqueued.parse(line);
                acks.put(enqueued.id, enqueued);
                failover.acknowledged.put(enqueued.id, enqueued);
                if (failover.killedAt > 0 && failover.firstAckAfterKill == 0) {
                    failover.firstAckAfterKill = enqueued.epochMillis;
                }
                sequence = enqueued.sequence + 1;
            }
        }
        Await.until("the sentinels promote the replica", PATIENCE, () -> ha.master() == failover.promoted);
        if (rejoined == null) {
            failover.promotedAt = System.currentTimeMillis();
            rejoin(ha, failover);
        } else {
            rejoined.get();
        }

        Map<String, Ran> runs = awaitRuns(server, app, ha, failover.promoted, acks);
        for (Enqueued enqueued : failover.acknowledged.values()) {
            Ran ran = runs.get(enqueued.id);
            if (ran == null) {
                failover.lost.add(enqueued);
            } else if (ran.count > 1) {
                failover.duplicated.add(ran);
            }
        }
        acks.keySet().stream().filter(id -> !runs.containsKey(id) && !failover.acknowledged.containsKey(id))
                .forEach(id -> failover.lost.add(acks.get(id)));
        try (Jedis promoted = ha.node(failover.promoted)) {
            failover.noScriptErrors = stat(promoted.info("errorstats"), "errorstat_NOSCRIPT", "count");
            failover.scriptLoads = stat(promoted.info("commandstats"), "cmdstat_script|load", "calls");
        }
        assertTrue(failover.noScriptErrors > 0 && failover.scriptLoads > 0,
                "the promoted replica answered NOSCRIPT and the module loaded its scripts there: "
                        + failover.noScriptErrors + " NOSCRIPT, " + failover.scriptLoads + " SCRIPT LOAD calls");
        return failover;
    }

    private static void rejoin(RedisHa ha, Failover failover) {
        try {
            ha.rejoin(failover.killed, failover.promoted);
        } catch (Exception e) {
            throw new IllegalStateException("node " + failover.killed + " did not rejoin as a replica", e);
        }
    }

    /** Waits until every acknowledged job ran, or the queue is empty and the runs stopped growing for 5 s. */
    private Map<String, Ran> awaitRuns(LibertyServer server, String app, RedisHa ha, int master,
            Map<String, Enqueued> acks) throws Exception {
        long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
        int lastSeen = -1;
        long stableSince = System.currentTimeMillis();
        while (true) {
            Map<String, Ran> runs = runs(server, app);
            boolean all = acks.keySet().stream().allMatch(runs::containsKey);
            if (runs.size() != lastSeen) {
                lastSeen = runs.size();
                stableSince = System.currentTimeMillis();
            }
            long queued;
            try (Jedis redis = ha.node(master)) {
                queued = redis.llen("it-" + app + ":queue:probe");
            }
            if (all || queued == 0 && System.currentTimeMillis() - stableSince > 5_000
                    || System.currentTimeMillis() > deadline) {
                return runs;
            }
            Thread.sleep(250);
        }
    }

    /** Alternates 100-call rounds of the two applications on a healthy pair; the first round of each warms up. */
    private void measureCalmly(LibertyServer server, Map<String, Enqueued> asyncAcks, List<Long> asyncMicros,
            Map<String, Enqueued> waitAcks, List<Long> waitMicros) throws Exception {
        int sequence = CALM_SEQUENCES;
        for (int round = 0; round < 11; round++) {
            for (boolean waiting : new boolean[] {false, true}) {
                for (int call = 0; call < 100; call += CALLS_PER_REQUEST) {
                    for (String line : post(server, waiting ? WAIT_APP : ASYNC_APP,
                            "enqueue?from=" + sequence + "&count=" + CALLS_PER_REQUEST).lines().toList()) {
                        assertFalse(line.startsWith("failed"), line);
                        Enqueued enqueued = Enqueued.parse(line);
                        (waiting ? waitAcks : asyncAcks).put(enqueued.id, enqueued);
                        if (round > 0) {
                            (waiting ? waitMicros : asyncMicros).add(enqueued.micros);
                        }
                    }
                    sequence += CALLS_PER_REQUEST;
                }
            }
        }
    }

    private void assertNoSecretLogged(LibertyServer server) throws IOException {
        try (Stream<Path> logs = Files.list(server.dir.resolve("logs"))) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(log);
                assertFalse(text.contains(RedisHa.MASTER_PASSWORD), "the master's password in " + log);
                assertFalse(text.contains(RedisHa.SENTINEL_PASSWORD), "the sentinels' password in " + log);
                if (log.getFileName().toString().startsWith("messages")) {
                    assertTrue(text.contains("BGJ0190I"), "the module says it follows the sentinels' master");
                }
            }
        }
    }

    private static WebArchive probeApp(String name, int waitReplicas) {
        return Deployments.webArchive(name)
                .addClasses(ProbeJob.class, ProbeRuns.class, ProbeResource.class, ProbeResource.ProbeApplication.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-" + name,
                        "background-jobs.pool.default.queues=probe",
                        "background-jobs.pool.default.concurrency=4",
                        "background-jobs.poll-interval=1s",
                        "background-jobs.redis.wait-replicas=" + waitReplicas,
                        "background-jobs.redis.wait-timeout=250ms")), "META-INF/microprofile-config.properties");
    }

    private static String variable(String name, String value) {
        return "  <variable name=\"" + name + "\" value=\"" + value + "\"/>\n";
    }

    private static Map<String, Ran> runs(LibertyServer server, String app) throws Exception {
        HttpResponse<String> response = Http.get(uri(server, app, "runs"));
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Ran> runs = new HashMap<>();
        response.body().lines().map(Ran::parse).forEach(ran -> runs.put(ran.id, ran));
        return runs;
    }

    private static String post(LibertyServer server, String app, String path) throws Exception {
        HttpResponse<String> response = Http.post(uri(server, app, path));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static void awaitReady(LibertyServer server, String app) throws Exception {
        Await.until(app + " answers", Duration.ofSeconds(180), () -> {
            try {
                return Http.get(uri(server, app, "ready")).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static URI uri(LibertyServer server, String app, String path) {
        return URI.create("http://localhost:" + server.httpPort + "/" + app + "/rest/probe/" + path);
    }

    /** A field of an INFO line such as {@code errorstat_NOSCRIPT:count=3}, 0 when the line is missing. */
    private static long stat(String info, String line, String field) {
        return info.lines().filter(l -> l.startsWith(line + ":")).findFirst()
                .flatMap(l -> Stream.of(l.substring(line.length() + 1).split(","))
                        .filter(pair -> pair.startsWith(field + "=")).findFirst())
                .map(pair -> Long.parseLong(pair.substring(field.length() + 1))).orElse(0L);
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** One enqueue that returned: {@code sequence id microseconds epochMillis}. */
    record Enqueued(int sequence, String id, long micros, long epochMillis) {

        static Enqueued parse(String line) {
            String[] fields = line.split(" ");
            return new Enqueued(Integer.parseInt(fields[0]), fields[1], Long.parseLong(fields[2]), Long.parseLong(fields[3]));
        }
    }

    /** A job id that ran: {@code id runs firstRunEpochMillis}. */
    record Ran(String id, int count, long firstMillis) {

        static Ran parse(String line) {
            String[] fields = line.split(" ");
            return new Ran(fields[0], Integer.parseInt(fields[1]), Long.parseLong(fields[2]));
        }
    }

    /** One kill of the master, and what the jobs enqueued around it became. */
    static final class Failover {

        final int killed;
        int promoted;
        long partitionedAt;
        long killedAt;
        int enqueuedAtKill;
        int replicasBehind;
        long promotedAt;
        long firstAckAfterKill;
        int failedCalls;
        long noScriptErrors;
        long scriptLoads;
        final Map<String, Enqueued> acknowledged = new LinkedHashMap<>();
        final List<Enqueued> lost = new ArrayList<>();
        final List<Ran> duplicated = new ArrayList<>();

        Failover(int killed) {
            this.killed = killed;
        }

        String report(String mode) {
            long lostInWindow = lost.stream().filter(this::inPartition).count();
            return String.format("sentinel: %s: replica %d cut off from master %d after %d enqueues, the master killed"
                            + " %d ms later after %d enqueues; the sentinels named replica %d master %d ms after the kill;"
                            + " %d enqueue calls failed (%d of them BGJ0191E, replicas behind) until the module followed it"
                            + " (%d ms from the kill to the first enqueue it acknowledged); %d jobs acknowledged in this"
                            + " run, %d lost (%d of them acknowledged while the master was cut off: async replication's"
                            + " loss), %d ran twice or more; the promoted replica answered NOSCRIPT %d times and got %d"
                            + " SCRIPT LOAD calls", mode, promoted, killed, JOBS / 2, killedAt - partitionedAt,
                    enqueuedAtKill, promoted, promotedAt - killedAt, failedCalls, replicasBehind,
                    firstAckAfterKill - killedAt, acknowledged.size(), lost.size(), lostInWindow, duplicated.size(),
                    noScriptErrors, scriptLoads);
        }

        private boolean inPartition(Enqueued enqueued) {
            return enqueued.epochMillis >= partitionedAt && enqueued.epochMillis <= killedAt;
        }

        /**
         * A lost job was acknowledged while the master was cut off from its replica: async replication's
         * window. A job that ran twice first ran before the kill: the replica had not seen it taken or finished.
         */
        void assertOnlyReplicationLost() {
            for (Enqueued enqueued : lost) {
                assertTrue(inPartition(enqueued), "job " + enqueued + " was lost though acknowledged outside the"
                        + " partition (" + partitionedAt + " to " + killedAt + ")");
            }
            for (Ran ran : duplicated) {
                assertTrue(ran.firstMillis <= killedAt + RUN_LEEWAY_MILLIS, "job " + ran + " ran twice, the first time after the kill");
            }
        }
    }
}
