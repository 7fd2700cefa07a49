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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis Sentinel on loopback (1 master, 1 replica, 3 sentinels, {@link RedisHa}) under a real Liberty
 * server (a copy of the build's, its configDropins naming the sentinels) that runs two copies of a probe
 * application: one enqueues without WAIT, one with {@code wait-replicas=1}. Each in turn enqueues 5,000
 * jobs, one call each, while its workers run them, and the master is killed with SIGKILL halfway: the
 * sentinels promote the replica, the module follows without a restart, and every job whose enqueue
 * returned runs. Between the two, the killed node comes back as the new master's replica, so the second
 * failover goes the other way. What async replication lost, what ran twice, and what WAIT costs an
 * enqueue are printed.
 */
class SentinelFailoverCrashIT {

    static final int JOBS = 5_000;
    static final int CALLS_PER_REQUEST = 50;
    static final String ASYNC_APP = "sentinel-async";
    static final String WAIT_APP = "sentinel-wait";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Generous for loopback, where a write reaches the replica within a millisecond or so. */
    static final long REPLICATION_WINDOW_MILLIS = 1_000;
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
                ha.rejoin(withoutWait.killed, withoutWait.promoted);
                Failover withWait = failover(server, ha, WAIT_APP, waitAcks);

                String latency = String.format("sentinel: enqueue latency on a healthy pair (%d calls each, alternating):"
                                + " without WAIT median %d us, p99 %d us; with WAIT 1 median %d us, p99 %d us",
                        asyncMicros.size(), percentile(asyncMicros, 50), percentile(asyncMicros, 99),
                        percentile(waitMicros, 50), percentile(waitMicros, 99));
                System.out.println(withoutWait.report("without WAIT"));
                System.out.println(withWait.report("with WAIT 1 (wait-timeout 500ms)"));
                System.out.println(latency);

                withoutWait.assertOnlyReplicationLost();
                withWait.assertOnlyReplicationLost();
                assertEquals(0, withWait.lost.size(), "with WAIT 1 no acknowledged job may be lost: " + withWait.lost);
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
            assertFalse(replica.info("commandstats").contains("cmdstat_evalsha"),
                    "the replica has never run a script of its own (Redis does not replicate SCRIPT LOAD)");
        }
        int sequence = 0;
        while (sequence < JOBS) {
            if (failover.killedAt == 0 && sequence >= JOBS / 2) {
                failover.killedAt = System.currentTimeMillis();
                ha.kill9(failover.killed);
            }
            for (String line : post(server, app, "enqueue?from=" + sequence + "&count="
                    + Math.min(CALLS_PER_REQUEST, JOBS - sequence)).lines().toList()) {
                String[] fields = line.split(" ", 3);
                if (fields[0].equals("failed")) {
                    failover.failedCalls++;
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
        assertEquals(failover.promoted, ha.master(), "the sentinels promoted the replica");

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
            failover.scriptLoads = stat(promoted.info("commandstats"), "cmdstat_script", "calls");
        }
        assertTrue(failover.noScriptErrors > 0 && failover.scriptLoads > 0,
                "the promoted replica answered NOSCRIPT and the module loaded its scripts there: "
                        + failover.noScriptErrors + " NOSCRIPT, " + failover.scriptLoads + " SCRIPT calls");
        return failover;
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
                        "background-jobs.redis.wait-timeout=500ms")), "META-INF/microprofile-config.properties");
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
        long killedAt;
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
            long lostBeforeKill = lost.stream().mapToLong(e -> killedAt - e.epochMillis).max().orElse(0);
            return String.format("sentinel: %s: master %d killed after %d enqueues; %d enqueue calls failed until the"
                            + " module followed the promoted replica %d (%d ms from the kill to the first enqueue it"
                            + " acknowledged); %d jobs acknowledged in this run, %d lost (acknowledged at most %d ms"
                            + " before the kill), %d ran twice or more; the promoted replica answered NOSCRIPT %d times"
                            + " and got %d SCRIPT calls", mode, killed, JOBS / 2, failedCalls, promoted,
                    firstAckAfterKill - killedAt, acknowledged.size(), lost.size(), lostBeforeKill, duplicated.size(),
                    noScriptErrors, scriptLoads);
        }

        /**
         * A lost job was acknowledged just before the kill, by the master alone: async replication's window.
         * A job that ran twice first ran before the kill: the replica had not yet seen it taken or finished.
         */
        void assertOnlyReplicationLost() {
            for (Enqueued enqueued : lost) {
                assertTrue(enqueued.epochMillis <= killedAt && killedAt - enqueued.epochMillis <= REPLICATION_WINDOW_MILLIS,
                        "job " + enqueued + " was lost though acknowledged " + (killedAt - enqueued.epochMillis)
                                + " ms before the kill");
            }
            for (Ran ran : duplicated) {
                assertTrue(ran.firstMillis <= killedAt + REPLICATION_WINDOW_MILLIS,
                        "job " + ran + " ran twice, the first time after the kill");
            }
        }
    }
}
