package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.it.support.LibertyProcess;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.TestRedis;
import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.client.Client;
import net.greghaines.jesque.client.ClientImpl;
import net.greghaines.jesque.worker.MapBasedJobFactory;
import net.greghaines.jesque.worker.WorkerImpl;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark of BENCHMARKS.md: ours (on the build's Liberty server), Jesque 2.2.0 (in this JVM) and
 * Sidekiq 6.4's drains (a process of its own, see {@link SidekiqDrain}) on the same Redis in the same
 * run, each measure repeated, reported as median (min–max). Run with
 * {@code mvn -B -Pbenchmark verify}; {@code -Dbench.jobs} and {@code -Dbench.runs} scale it down.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ThroughputBenchmark {

    static final int JOBS = Integer.getInteger("bench.jobs", 100_000);
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    static final int PICKUPS = 500;
    /**
     * Jobs each side runs before a measure, unmeasured. Each of our deployments brings its own copy of
     * the module's and Jedis's classes, new to the JVM; Jesque's classes stay loaded between its measures.
     * Both are measured compiled, as a server that has been running a while is: after 20,000 jobs the
     * JIT compiler still used a third of a core during our drains, recompiling the hot path at its
     * last tier, so the warm-up is as long as a measure.
     */
    static final int WARMUP = Integer.getInteger("bench.warmup", 100_000);
    static final int PICKUP_WARMUP = 10_000;
    static final String PEAK_RSS = "peak RSS of the JVM during the 16-thread drain";
    /** The queue our drain's jobs wait in, which no loop reads, until they are moved under the loops. */
    static final String STAGING = "staging";
    /** Jobs of the (untimed) drain during which round trips are counted, at 4 threads. */
    static final Duration IDLE = Duration.ofSeconds(30);
    static final int ROUND_TRIP_JOBS = Math.min(JOBS, 10_000);
    static final int JESQUE_PICKUPS = 40;
    static final int[] CONCURRENCY = {1, 4, 16};
    /**
     * Before each timed measure, both sides wait (at most this long) until their JVM's JIT compiler has
     * compiled what the warm-up asked for: our measures run in new deployments, whose code the
     * compiler otherwise still works on during the measure, on the cores Redis and the workers need.
     */
    static final Duration COMPILER_WAIT_LIMIT = Duration.ofSeconds(60);
    static final Duration RSS_SETTLE_LIMIT = Duration.ofSeconds(30);
    static final String NS = "bench";
    static final String JESQUE_NS = "bench-jesque";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    Deployer deployer;

    final Measurements results = new Measurements();
    /** The Liberty JVM's pid, as /proc names it, found once: the server runs for the whole benchmark. */
    private String liberty;

    @Deployment(name = "bench-producer", managed = false)
    static WebArchive producer() {
        return archive("bench-producer", "background-jobs.workers.enabled=false");
    }

    @Deployment(name = "bench-drain-1", managed = false)
    static WebArchive drain1() {
        return archive("bench-drain-1", "background-jobs.pool.default.concurrency=1");
    }

    @Deployment(name = "bench-drain-4", managed = false)
    static WebArchive drain4() {
        return archive("bench-drain-4", "background-jobs.pool.default.concurrency=4");
    }

    @Deployment(name = "bench-drain-16", managed = false)
    static WebArchive drain16() {
        return archive("bench-drain-16", "background-jobs.pool.default.concurrency=16");
    }

    @Deployment(name = "bench-pickup", managed = false)
    static WebArchive pickup() {
        return archive("bench-pickup", "background-jobs.pool.default.concurrency=1");
    }

    static WebArchive archive(String name, String setting) {
        return Deployments.webArchive(name)
                .addClasses(NoopJob.class, BenchProbe.class, BenchResource.class, BenchResource.BenchApplication.class)
                .addAsResource(new StringAsset(String.join("\n", "background-jobs.namespace=" + NS,
                        "background-jobs.pool.default.queues=bench", setting)), "META-INF/microprofile-config.properties");
    }

    @Test
    void measure() throws Exception {
        liberty = Long.toString(LibertyProcess.pid());
        // Liberty with the features of server.xml and no application yet: the part of the peak below that is not ours.
        results.ours("RSS of the JVM before the first measure (the server alone)", "MiB", false, libertyRssMib("VmRSS:"));
        SidekiqDrain sidekiq = SidekiqDrain.prepare();
        try (RedisClient redis = TestRedis.connect()) {
            for (int run = 1; run <= RUNS; run++) {
                measureOurs(redis);
                measureJesque(redis);
                sidekiq.measure(results, WARMUP, JOBS);
            }
            measurePickups();
            measureIdle(redis);
        }
        String report = "Jobs per measure: " + JOBS + ", runs: " + RUNS + ", pickups: " + PICKUPS + " (Jesque: "
                + JESQUE_PICKUPS + ")\n\n" + results.table() + "\n" + sidekiq.note() + "\n\n" + redisBound();
        Path file = Path.of("target", "benchmark-results.md");
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println("\n" + report);
    }

    private void measureOurs(RedisClient redis) throws Exception {
        redis.keys(NS + ":*").forEach(redis::del);
        deployer.deploy("bench-producer");
        try {
            call("bench-producer", "POST", "enqueue?count=" + WARMUP);
            call("bench-producer", "POST", "batch?count=" + WARMUP);
            redis.del(NS + ":queue:bench");
            ProcessThreads.awaitQuietCompiler(liberty, COMPILER_WAIT_LIMIT);
            long enqueueNanos = Long.parseLong(call("bench-producer", "POST", "enqueue?count=" + JOBS));
            results.ours("enqueue, one by one", "jobs/s", true, JOBS / seconds(enqueueNanos));
            redis.del(NS + ":queue:bench");
            long batchNanos = Long.parseLong(call("bench-producer", "POST", "batch?count=" + JOBS));
            results.ours("enqueue, one batch", "jobs/s", true, JOBS / seconds(batchNanos));
            redis.del(NS + ":queue:bench");
            for (int concurrency : CONCURRENCY) {
                String app = "bench-drain-" + concurrency;
                deployer.deploy(app);
                try {
                    call("bench-producer", "POST", "batch?count=" + WARMUP);
                    awaitDrained(app, WARMUP);
                    call(app, "POST", "reset");
                    // Queued where no loop looks, then moved under the loops at once: the jobs are all
                    // there when the first one starts, as Jesque's are, and enqueueing them is not measured.
                    call("bench-producer", "POST", "batch?count=" + JOBS + "&queue=" + STAGING);
                    if (concurrency == 16) {
                        results.ours("peak RSS of the JVM since it started, before the 16-thread drain", "MiB", false,
                                libertyRssMib("VmHWM:"));
                        call(app, "POST", "collect");
                    }
                    System.out.println("bench-drain-" + concurrency + ": JIT compiler quiet after "
                            + ProcessThreads.awaitQuietCompiler(liberty, COMPILER_WAIT_LIMIT));
                    if (concurrency == 16) {
                        // G1 gives the heap back in the background after the collection: the peak starts
                        // from the settled size, not from what the batches had grown.
                        System.out.println("bench-drain-16: resident size settled at "
                                + ProcessMemory.awaitSettled(liberty, RSS_SETTLE_LIMIT) / 1024 + " MiB");
                        resetLibertyPeakRss();
                    }
                    RedisUsage before = RedisUsage.read(redis);
                    ProcessThreads.Cpu serverCpuBefore = ProcessThreads.read(liberty);
                    redis.rename(NS + ":queue:" + STAGING, NS + ":queue:bench");
                    redis.lpush(NS + ":bgj:wake:bench", Collections.nCopies(concurrency, "1").toArray(String[]::new));
                    String[] drained = awaitDrained(app);
                    RedisUsage used = RedisUsage.read(redis).minus(before);
                    ProcessThreads.Cpu serverCpu = ProcessThreads.read(liberty).minus(serverCpuBefore);
                    results.ours("server JVM CPU per job, " + concurrency + " thread(s)", "µs", false, serverCpu.allMicros() / JOBS);
                    results.ours("  of which JIT compiler, " + concurrency + " thread(s)", "µs", false, serverCpu.compilerMicros() / JOBS);
                    results.ours("  of which garbage collector, " + concurrency + " thread(s)", "µs", false, serverCpu.gcMicros() / JOBS);
                    results.ours("drain, " + concurrency + " thread(s)", "jobs/s", true, JOBS / seconds(Long.parseLong(drained[1])));
                    results.ours("Redis CPU per job, " + concurrency + " thread(s)", "µs", false, used.cpuMicros() / JOBS);
                    results.ours("Redis commands per job, " + concurrency + " thread(s)", "commands", false, (double) used.commands() / JOBS);
                    if (concurrency == 16) {
                        results.ours(PEAK_RSS, "MiB", false, libertyRssMib("VmHWM:"));
                    }
                } finally {
                    deployer.undeploy(app);
                }
            }
            call("bench-producer", "POST", "batch?count=" + ROUND_TRIP_JOBS);
            try (RoundTrips trips = RoundTrips.start(Integer.getInteger("redis.port"))) {
                deployer.deploy("bench-drain-4");
                try {
                    awaitDrained("bench-drain-4", ROUND_TRIP_JOBS);
                    results.ours("Redis round trips per processed job, 4 threads (MONITOR, untimed)", "calls", false,
                            (double) trips.calls() / ROUND_TRIP_JOBS);
                } finally {
                    deployer.undeploy("bench-drain-4");
                }
            }
        } finally {
            deployer.undeploy("bench-producer");
        }
    }

    private void measureJesque(RedisClient redis) throws Exception {
        redis.keys(JESQUE_NS + ":*").forEach(redis::del);
        Config config = new ConfigBuilder().withHost("127.0.0.1").withPort(Integer.getInteger("redis.port"))
                .withNamespace(JESQUE_NS).build();
        Client client = new ClientImpl(config);
        try {
            List<Job> warmup = jobs(WARMUP);
            for (Job job : warmup) {
                client.enqueue("bench", job);
            }
            client.batchEnqueue("bench", warmup);
            redis.del(JESQUE_NS + ":queue:bench");
            ProcessThreads.awaitQuietCompiler("self", COMPILER_WAIT_LIMIT);
            long start = System.nanoTime();
            for (int i = 0; i < JOBS; i++) {
                client.enqueue("bench", new Job("JesqueNoop", 0L));
            }
            results.jesque("enqueue, one by one", "jobs/s", true, JOBS / seconds(System.nanoTime() - start));
            redis.del(JESQUE_NS + ":queue:bench");
            List<Job> batch = jobs(JOBS);
            start = System.nanoTime();
            client.batchEnqueue("bench", batch);
            results.jesque("enqueue, one batch", "jobs/s", true, JOBS / seconds(System.nanoTime() - start));
            redis.del(JESQUE_NS + ":queue:bench");
            for (int concurrency : CONCURRENCY) {
                client.batchEnqueue("bench", warmup);
                JesqueDrainProcess.drain(config, concurrency, WARMUP);
                client.batchEnqueue("bench", batch);
                ProcessThreads.awaitQuietCompiler("self", COMPILER_WAIT_LIMIT);
                RedisUsage before = RedisUsage.read(redis);
                JesqueDrainProcess.drain(config, concurrency, JOBS);
                RedisUsage used = RedisUsage.read(redis).minus(before);
                long elapsed = JesqueNoop.LAST_FINISH.get() - JesqueNoop.FIRST_START.get();
                results.jesque("drain, " + concurrency + " thread(s)", "jobs/s", true, JOBS / seconds(elapsed));
                results.jesque("Redis CPU per job, " + concurrency + " thread(s)", "µs", false, used.cpuMicros() / JOBS);
                results.jesque("Redis commands per job, " + concurrency + " thread(s)", "commands", false, (double) used.commands() / JOBS);
            }
            client.batchEnqueue("bench", batch);
            results.jesque(PEAK_RSS, "MiB", false, jesqueProcessPeakRssMib());
            client.batchEnqueue("bench", batch.subList(0, ROUND_TRIP_JOBS));
            try (RoundTrips trips = RoundTrips.start(Integer.getInteger("redis.port"))) {
                JesqueDrainProcess.drain(config, 4, ROUND_TRIP_JOBS);
                results.jesque("Redis round trips per processed job, 4 threads (MONITOR, untimed)", "calls", false,
                        (double) trips.calls() / ROUND_TRIP_JOBS);
            }
        } finally {
            client.end();
        }
    }

    private static List<Job> jobs(int count) {
        List<Job> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jobs.add(new Job("JesqueNoop", 0L));
        }
        return jobs;
    }

    private void measurePickups() throws Exception {
        deployer.deploy("bench-pickup");
        try {
            List<Long> ours = Arrays.stream(call("bench-pickup", "POST", "pickup?count=" + PICKUPS + "&warmup=" + PICKUP_WARMUP).split(","))
                    .map(Long::parseLong).toList();
            results.ours("pickup latency p50", "ms", false, Measurements.percentile(ours, 50) / 1e6);
            results.ours("pickup latency p99", "ms", false, Measurements.percentile(ours, 99) / 1e6);
        } finally {
            deployer.undeploy("bench-pickup");
        }
        Config config = new ConfigBuilder().withHost("127.0.0.1").withPort(Integer.getInteger("redis.port"))
                .withNamespace(JESQUE_NS).build();
        WorkerImpl worker = new WorkerImpl(config, List.of("pickup"),
                new MapBasedJobFactory(Map.of("JesqueNoop", JesqueNoop.class)));
        Thread thread = new Thread(worker, "jesque-pickup");
        thread.start();
        Client client = new ClientImpl(config);
        List<Long> jesque = new ArrayList<>();
        try {
            for (int i = 0; i < JESQUE_PICKUPS; i++) {
                Thread.sleep(20);
                JesqueNoop.LAST_PICKUP.set(-1);
                client.enqueue("pickup", new Job("JesqueNoop", System.nanoTime()));
                Await.until("Jesque's jobs ran", Duration.ofSeconds(5), () -> JesqueNoop.LAST_PICKUP.get() >= 0);
                jesque.add(JesqueNoop.LAST_PICKUP.get());
            }
        } finally {
            client.end();
            worker.end(true);
            thread.join(5_000);
        }
        results.jesque("pickup latency p50", "ms", false, Measurements.percentile(jesque, 50) / 1e6);
        results.jesque("pickup latency p99", "ms", false, Measurements.percentile(jesque, 99) / 1e6);
    }

    /**
     * Redis commands and round trips per second of one idle worker loop and its server's housekeeper,
     * over 30 s, several heartbeat intervals (the pickup deployment has one loop).
     */
    private void measureIdle(RedisClient redis) throws Exception {
        deployer.deploy("bench-pickup");
        try {
            Thread.sleep(3_000);
            try (RoundTrips trips = RoundTrips.start(Integer.getInteger("redis.port"))) {
                RedisUsage before = RedisUsage.read(redis);
                Thread.sleep(IDLE.toMillis());
                RedisUsage used = RedisUsage.read(redis).minus(before);
                // Our own INFO calls are two of them; the housekeeper's are included (one server, one loop).
                results.ours("idle: Redis commands per second (1 loop + housekeeper, script-inner ones included)",
                        "commands/s", false, (used.commands() - 2) / (double) IDLE.toSeconds());
                results.ours("idle: Redis round trips per second (1 loop + housekeeper)", "calls/s", false,
                        trips.calls() / (double) IDLE.toSeconds());
            }
        } finally {
            deployer.undeploy("bench-pickup");
        }
    }

    private String[] awaitDrained(String app) throws Exception {
        return awaitDrained(app, JOBS);
    }

    private String[] awaitDrained(String app, int jobs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            String[] drained = call(app, "GET", "drained").split(" ");
            if (Long.parseLong(drained[0]) >= jobs) {
                return drained;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(app + " drained only " + drained[0] + " of " + jobs);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Jesque's 16-thread drain of the queued jobs in a JVM of its own with Liberty's heap setting
     * (-Xmx512m, see it/pom.xml); its VmHWM at the end.
     */
    private double jesqueProcessPeakRssMib() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                JesqueDrainProcess.class.getName(), Integer.getInteger("redis.port").toString(), JESQUE_NS,
                Integer.toString(JOBS), "16").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError("Jesque's drain process failed: " + output);
        }
        String[] lastLine = output.lines().reduce((first, second) -> second).orElse("").split(" ");
        return Long.parseLong(lastLine[2]) / 1024.0;
    }


    /** Makes VmHWM start again from the present resident size (Linux: 5 to clear_refs). */
    private void resetLibertyPeakRss() throws IOException {
        Files.writeString(Path.of("/proc", liberty, "clear_refs"), "5");
    }

    /** A memory field of the Liberty JVM's status, in MiB: VmRSS: (resident now) or VmHWM: (the most so far). */
    private double libertyRssMib(String field) throws IOException {
        return LibertyProcess.statusKib(liberty, field) / 1024.0;
    }

    private static String redisBound() throws IOException, InterruptedException {
        String port = System.getProperty("redis.port");
        StringBuilder bound = new StringBuilder("Redis bound on this machine (redis-benchmark):\n\n```\n");
        for (List<String> args : List.of(List.of("-t", "lpush,rpop", "-c", "50", "-n", "200000"),
                List.of("-t", "ping_mbulk", "-c", "1", "-n", "100000"))) {
            List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", port, "-q"));
            command.addAll(args);
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                process.waitFor(2, TimeUnit.MINUTES);
                output.lines().flatMap(line -> Arrays.stream(line.split("\r")))
                        .filter(line -> line.contains("requests per second"))
                        .forEach(line -> bound.append(String.join(" ", args)).append(" -> ").append(line.trim()).append('\n'));
            } catch (IOException e) {
                bound.append("redis-benchmark is not on the PATH here (").append(e.getMessage()).append(")\n");
            }
        }
        return bound.append("```\n").toString();
    }

    private static String call(String app, String method, String path) throws Exception {
        URI uri = URI.create("http://localhost:" + System.getProperty("liberty.http.port") + "/" + app + "/rest/bench/" + path);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + uri + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
