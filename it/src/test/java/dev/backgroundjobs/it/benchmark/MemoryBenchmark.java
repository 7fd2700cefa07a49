package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.internal.config.ConfigKeys;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.LibertyProcess;
import dev.backgroundjobs.it.support.TestRedis;
import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.client.Client;
import net.greghaines.jesque.client.ClientImpl;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The memory measures of BENCHMARKS.md: Redis bytes per queued job (ours and Jesque's), Redis bytes
 * a finished job leaves behind (after a drain, and after a sustained-rate run with its extrapolation
 * to a day), each with default settings and with {@code background-jobs.track-status=all}; and the
 * resident size the module adds to an idle Liberty JVM. Written to {@code target/memory-results.md}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MemoryBenchmark {

    static final int JOBS = Integer.getInteger("bench.jobs", 100_000);
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    static final int SUSTAINED_RATE = Integer.getInteger("bench.sustained.rate", 2_000);
    static final int SUSTAINED_SECONDS = Integer.getInteger("bench.sustained.seconds", 120);
    static final int SUSTAINED_RUNS = Integer.getInteger("bench.sustained.runs", 1);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    static final int DRAIN_CONCURRENCY = 4;
    /** Before each baseline: the scripts loaded, the deployment's first keys (registry, counters) written. */
    static final int PRIMING_JOBS = 1_000;
    /** As long as the default namespace ("resque"), so that our per-job keys are as long as with default settings. */
    static final String NS = "bgjmem";
    static final String JESQUE_NS = "bench-mem-jesque";
    /** A queue no loop reads: the producer deployments run none. */
    static final String PARKED = "parked";
    static final String TRACK_ALL = "background-jobs.track-status=all";
    /**
     * Finished jobs' keys expire after the status TTL (these deployments keep the default): a day at a
     * steady rate holds at most min(TTL, 24 h) worth of them, however long it runs.
     */
    static final Duration RETENTION = min(Duration.parse("PT" + ConfigKeys.DEFAULT_STATUS_TTL), Duration.ofHours(24));
    static final int EXTRAPOLATED_RATE = 1_000;
    /** After a deployment: its start-up garbage made, its housekeeper's first ticks and its loops' first waits done. */
    static final Duration DEPLOYMENT_SETTLE = Duration.ofSeconds(10);
    static final Duration RSS_SETTLE_LIMIT = Duration.ofSeconds(30);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The two settings every Redis measure runs with; on a module without per-job opt-in both give the same. */
    enum Tracking {
        DEFAULT("default settings", ""),
        ALL("track-status=all", TRACK_ALL);

        final String label;
        final String setting;

        Tracking(String label, String setting) {
            this.label = label;
            this.setting = setting;
        }

        String producerApp() {
            return this == DEFAULT ? "mem-producer" : "mem-producer-tracked";
        }

        String drainApp() {
            return this == DEFAULT ? "mem-drain" : "mem-drain-tracked";
        }
    }

    @ArquillianResource
    Deployer deployer;

    final Measurements results = new Measurements();
    private final StringBuilder sustainedSamples = new StringBuilder();
    private String liberty;

    @Deployment(name = "mem-producer", managed = false)
    static WebArchive producer() {
        return archive("mem-producer", "background-jobs.workers.enabled=false");
    }

    @Deployment(name = "mem-producer-tracked", managed = false)
    static WebArchive producerTracked() {
        return archive("mem-producer-tracked", "background-jobs.workers.enabled=false", TRACK_ALL);
    }

    @Deployment(name = "mem-drain", managed = false)
    static WebArchive drain() {
        return archive("mem-drain", "background-jobs.pool.default.concurrency=" + DRAIN_CONCURRENCY);
    }

    @Deployment(name = "mem-drain-tracked", managed = false)
    static WebArchive drainTracked() {
        return archive("mem-drain-tracked", "background-jobs.pool.default.concurrency=" + DRAIN_CONCURRENCY, TRACK_ALL);
    }

    /** An idle application with the module, its settings the defaults (one pool of 2 loops on every queue). */
    @Deployment(name = "mem-idle-module", managed = false)
    static WebArchive idleWithModule() {
        return Deployments.webArchive("mem-idle-module")
                .addClasses(PlainResource.class, PlainResource.PlainApplication.class, NoopJob.class, BenchProbe.class)
                .addAsResource(new StringAsset("background-jobs.namespace=" + NS), "META-INF/microprofile-config.properties");
    }

    /** The same REST application without the module and its dependencies. */
    @Deployment(name = "mem-idle-plain", managed = false)
    static WebArchive idleWithoutModule() {
        return ShrinkWrap.create(WebArchive.class, "mem-idle-plain.war")
                .addClasses(PlainResource.class, PlainResource.PlainApplication.class)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    static WebArchive archive(String name, String... settings) {
        List<String> config = new ArrayList<>(List.of("background-jobs.namespace=" + NS, "background-jobs.pool.default.queues=bench"));
        config.addAll(List.of(settings));
        return Deployments.webArchive(name)
                .addClasses(NoopJob.class, BenchProbe.class, BenchResource.class, BenchResource.BenchApplication.class,
                        PacedProducerResource.class)
                .addAsResource(new StringAsset(String.join("\n", config)), "META-INF/microprofile-config.properties");
    }

    @Test
    void measure() throws Exception {
        liberty = Long.toString(LibertyProcess.pid());
        try (RedisClient redis = TestRedis.connect()) {
            deleteNamespace(redis, NS);
            for (int run = 1; run <= RUNS; run++) {
                measureModuleRss();
            }
            for (int run = 1; run <= RUNS; run++) {
                for (Tracking tracking : Tracking.values()) {
                    measureQueuedBytes(redis, tracking);
                }
                measureJesqueQueuedBytes(redis);
            }
            for (Tracking tracking : Tracking.values()) {
                measureFinishedJobs(redis, tracking);
            }
        }
        String report = "Jobs per measure: " + JOBS + ", runs: " + RUNS + "; sustained: " + SUSTAINED_RATE + " jobs/s for "
                + SUSTAINED_SECONDS + " s, " + SUSTAINED_RUNS + " run(s) per setting, " + DRAIN_CONCURRENCY
                + " loops; extrapolation: bytes per finished job × " + EXTRAPOLATED_RATE + " jobs/s × "
                + RETENTION.toSeconds() + " s (min of the status TTL and 24 h)\n\n" + results.table()
                + "\nused_memory during the sustained runs (seconds from the start: MiB above the start, jobs queued):\n\n"
                + sustainedSamples;
        Files.writeString(Path.of("target", "memory-results.md"), report, StandardCharsets.UTF_8);
        System.out.println("\n" + report);
    }

    /**
     * The resident size of the JVM with an idle application with the module, against the same
     * application without it deployed just before and just after on the same server (the mean of the
     * two: what an undeployed application leaves behind, such as compiled code, shows as their difference).
     */
    private void measureModuleRss() throws Exception {
        double withoutBefore = idleRssMib("mem-idle-plain");
        double with = idleRssMib("mem-idle-module");
        double withoutAfter = idleRssMib("mem-idle-plain");
        results.ours("RSS of the JVM, idle REST application without the module (before)", "MiB", false, withoutBefore);
        results.ours("RSS of the JVM, the same with the module (default settings, 2 idle loops)", "MiB", false, with);
        results.ours("RSS of the JVM, idle REST application without the module (after)", "MiB", false, withoutAfter);
        results.ours("RSS the module adds (with − mean of the two without)", "MiB", false, with - (withoutBefore + withoutAfter) / 2);
    }

    private double idleRssMib(String app) throws Exception {
        deployer.deploy(app);
        try {
            call(app, "GET", "plain/ping");
            Thread.sleep(DEPLOYMENT_SETTLE.toMillis());
            call(app, "POST", "plain/collect");
            // G1 gives the heap back in the background after the collection.
            return ProcessMemory.awaitSettled(liberty, RSS_SETTLE_LIMIT) / 1024.0;
        } finally {
            deployer.undeploy(app);
        }
    }

    /** Our jobs, one batch of {@code JobQueue.enqueueAll}, into a queue no loop reads. */
    private void measureQueuedBytes(RedisClient redis, Tracking tracking) throws Exception {
        deleteNamespace(redis, NS);
        String app = tracking.producerApp();
        deployer.deploy(app);
        try {
            call(app, "POST", "bench/batch?count=" + PRIMING_JOBS + "&queue=" + PARKED);
            redis.del(NS + ":queue:" + PARKED);
            String queue = NS + ":queue:" + PARKED;
            Growth growth = Growth.of(redis, () -> call(app, "POST", "bench/batch?count=" + JOBS + "&queue=" + PARKED));
            if (redis.llen(queue) != JOBS) {
                throw new AssertionError(queue + " holds " + redis.llen(queue) + " jobs, not the " + JOBS + " enqueued");
            }
            results.ours(queuedBytesName(tracking), "bytes", false, growth.bytes() / (double) JOBS);
            results.ours("Redis keys per queued job, " + tracking.label, "keys", false, growth.keys() / (double) JOBS);
            results.ours(listBytesName(tracking), "bytes", false, redis.memoryUsage(queue, 0) / (double) JOBS);
            results.ours(payloadName(tracking), "bytes", false, redis.lindex(queue, 0).getBytes(StandardCharsets.UTF_8).length);
            results.ours("used_memory change of the idle deployment over as long, per job (subtracted above), " + tracking.label,
                    "bytes", false, growth.idleDrift() / (double) JOBS);
        } finally {
            deployer.undeploy(app);
        }
        deleteNamespace(redis, NS);
    }

    /** Jesque's jobs with our no-op job's class name and argument, one {@code Client.batchEnqueue}; no workers run. */
    private void measureJesqueQueuedBytes(RedisClient redis) throws Exception {
        deleteNamespace(redis, JESQUE_NS);
        Config config = new ConfigBuilder().withHost("127.0.0.1").withPort(Integer.getInteger("redis.port"))
                .withNamespace(JESQUE_NS).build();
        Client client = new ClientImpl(config);
        String queue = JESQUE_NS + ":queue:" + PARKED;
        try {
            List<Job> jobs = new ArrayList<>(JOBS);
            for (int i = 0; i < JOBS; i++) {
                jobs.add(new Job(NoopJob.class.getSimpleName(), 0L));
            }
            // The set of queues exists before the baseline, as ours has its registry.
            client.batchEnqueue(PARKED, jobs.subList(0, PRIMING_JOBS));
            redis.del(queue);
            Growth growth = Growth.of(redis, () -> client.batchEnqueue(PARKED, jobs));
            // The same figures on the rows of both settings, for the ratio: Jesque has no such setting.
            for (Tracking tracking : Tracking.values()) {
                results.jesque(queuedBytesName(tracking), "bytes", false, growth.bytes() / (double) JOBS);
                results.jesque(listBytesName(tracking), "bytes", false, redis.memoryUsage(queue, 0) / (double) JOBS);
                results.jesque(payloadName(tracking), "bytes", false, redis.lindex(queue, 0).getBytes(StandardCharsets.UTF_8).length);
            }
        } finally {
            client.end();
            deleteNamespace(redis, JESQUE_NS);
        }
    }

    private static String queuedBytesName(Tracking tracking) {
        return "Redis bytes per queued job (used_memory), " + tracking.label;
    }

    private static String payloadName(Tracking tracking) {
        return "length of one queued job's payload, " + tracking.label;
    }

    private static String listBytesName(Tracking tracking) {
        return "MEMORY USAGE of the queue's list per queued job, " + tracking.label;
    }

    /** A drain of N jobs, then the sustained-rate run(s), under one deployment with a pool of loops. */
    private void measureFinishedJobs(RedisClient redis, Tracking tracking) throws Exception {
        deleteNamespace(redis, NS);
        String app = tracking.drainApp();
        deployer.deploy(app);
        try {
            call(app, "POST", "bench/batch?count=" + PRIMING_JOBS);
            awaitDrained(app, PRIMING_JOBS, Duration.ofMinutes(2));
            call(app, "POST", "bench/reset");
            Growth growth = Growth.of(redis, () -> {
                call(app, "POST", "bench/batch?count=" + JOBS);
                awaitDrained(app, JOBS, Duration.ofMinutes(5));
            });
            results.ours("Redis bytes retained per finished job after a drain, " + tracking.label, "bytes", false,
                    growth.bytes() / (double) JOBS);
            results.ours("Redis keys retained per finished job after a drain, " + tracking.label, "keys", false,
                    growth.keys() / (double) JOBS);
            for (int run = 1; run <= SUSTAINED_RUNS; run++) {
                measureSustained(redis, app, tracking);
            }
        } finally {
            deployer.undeploy(app);
        }
        deleteNamespace(redis, NS);
    }

    /**
     * A producer in the server enqueues at a steady rate while the deployment's loops run the jobs;
     * used_memory is sampled meanwhile. At the end, once every job has run, what Redis still holds for
     * them, per job, and what a day at {@value #EXTRAPOLATED_RATE} jobs/s would hold.
     */
    private void measureSustained(RedisClient redis, String app, Tracking tracking) throws Exception {
        call(app, "POST", "bench/reset");
        long startBytes = RedisMemory.settledBytes(redis);
        long startKeys = redis.dbSize();
        long started = System.nanoTime();
        URI uri = uri(app, "paced?rate=" + SUSTAINED_RATE + "&seconds=" + SUSTAINED_SECONDS);
        CompletableFuture<HttpResponse<String>> producer = HTTP.sendAsync(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(SUSTAINED_SECONDS + 300L)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        String queue = NS + ":queue:bench";
        StringBuilder samples = new StringBuilder("- " + tracking.label + ":");
        long longestQueue = 0;
        while (true) {
            try {
                producer.get(SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException stillProducing) {
                long queued = redis.llen(queue);
                longestQueue = Math.max(longestQueue, queued);
                samples.append(String.format(Locale.ROOT, " %d s: %.1f, %d;", (System.nanoTime() - started) / 1_000_000_000L,
                        (RedisMemory.usedBytes(redis) - startBytes) / 1048576.0, queued));
            }
        }
        HttpResponse<String> response = producer.get();
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("POST " + uri + ": " + response.statusCode() + " " + response.body());
        }
        String[] produced = response.body().trim().split(" ");
        long jobs = Long.parseLong(produced[0]);
        double seconds = Long.parseLong(produced[1]) / 1e9;
        awaitDrained(app, jobs, Duration.ofMinutes(5));
        long heldBytes = RedisMemory.settledBytes(redis) - startBytes;
        long heldKeys = redis.dbSize() - startKeys;
        sustainedSamples.append(samples).append(" end, queue empty: ").append(String.format(Locale.ROOT, "%.1f", heldBytes / 1048576.0))
                .append('\n');
        double perJob = heldBytes / (double) jobs;
        results.ours("sustained run: enqueue rate reached, " + tracking.label, "jobs/s", true, jobs / seconds);
        results.ours("sustained run: producer's most behind its schedule, " + tracking.label, "ms", false,
                Long.parseLong(produced[2]) / 1e6);
        results.ours("sustained run: longest queue seen, " + tracking.label, "jobs", false, longestQueue);
        results.ours("sustained run: Redis memory held by finished jobs at the end, " + tracking.label, "MiB", false,
                heldBytes / 1048576.0);
        results.ours("sustained run: Redis keys held per finished job, " + tracking.label, "keys", false, heldKeys / (double) jobs);
        results.ours("sustained run: Redis bytes per finished job, " + tracking.label, "bytes", false, perJob);
        results.ours("sustained run: extrapolated to 24 h at " + EXTRAPOLATED_RATE + " jobs/s, " + tracking.label, "MiB", false,
                perJob * EXTRAPOLATED_RATE * RETENTION.toSeconds() / 1048576.0);
    }

    /** What a step added to Redis: used_memory and keys, and how much the idle deployment alone changed used_memory over as long. */
    record Growth(long bytes, long keys, long idleDrift) {

        interface Step {
            void run() throws Exception;
        }

        /**
         * Settled used_memory before and after the step; then, as long again with nothing done, the
         * change the deployment's housekeeper makes on its own, which is taken off the step's.
         */
        static Growth of(RedisClient redis, Step step) throws Exception {
            long before = RedisMemory.settledBytes(redis);
            long keysBefore = redis.dbSize();
            long start = System.nanoTime();
            step.run();
            long after = RedisMemory.settledBytes(redis);
            long keysAfter = redis.dbSize();
            long took = System.nanoTime() - start;
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(took));
            long drift = RedisMemory.settledBytes(redis) - after;
            return new Growth(after - before - drift, keysAfter - keysBefore, drift);
        }
    }

    private void awaitDrained(String app, long jobs, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long ran = Long.parseLong(call(app, "GET", "bench/drained").split(" ")[0]);
            if (ran >= jobs) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(app + " ran only " + ran + " of " + jobs + " jobs within " + limit);
            }
            Thread.sleep(100);
        }
    }

    /** Deletes a namespace's keys, a thousand a command: after a tracked run it holds hundreds of thousands. */
    private static void deleteNamespace(RedisClient redis, String namespace) {
        List<String> keys = new ArrayList<>(redis.keys(namespace + ":*"));
        for (int from = 0; from < keys.size(); from += 1_000) {
            redis.del(keys.subList(from, Math.min(keys.size(), from + 1_000)).toArray(String[]::new));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static URI uri(String app, String path) {
        return URI.create("http://localhost:" + System.getProperty("liberty.http.port") + "/" + app + "/rest/" + path);
    }

    private static String call(String app, String method, String path) throws Exception {
        URI uri = uri(app, path);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + uri + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
