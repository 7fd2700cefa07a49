package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.it.Deployments;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What limits cost a drain of no-op jobs on 4 threads, in the same run: no limit, a concurrency limit
 * that never binds (4 slots for 4 loops: every run still takes and frees a slot), and a rate limit that
 * never binds (every start still enters the window). Each variant drains in a deployment of its own,
 * after an unmeasured warm-up drain, in turn within each run, each run starting with the next variant.
 * Reported as median (min–max) and the ratio of medians to the drain without a limit: throughput, and
 * what a drain cost Redis per job (its CPU and its commands, from INFO; the polling of the drain's
 * progress is counted alike in every variant), in target/limits-benchmark-results.md. Run with
 * {@code mvn -B -Pbenchmark verify -Dit.test=LimitsBenchmark}; {@code -Dbench.limits.jobs},
 * {@code -Dbench.limits.warmup} and {@code -Dbench.limits.runs} scale it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LimitsBenchmark {

    static final int JOBS = Integer.getInteger("bench.limits.jobs", 20_000);
    static final int WARMUP = Integer.getInteger("bench.limits.warmup", 20_000);
    static final int RUNS = Integer.getInteger("bench.limits.runs", 3);
    static final String NS = "bench-limits";
    static final String STAGING = "staging";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Variant name -> deployment, in the order each run measures them. */
    static final Map<String, String> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("no limit", "bench-limits-none");
        VARIANTS.put("concurrency limit 4 (not binding)", "bench-limits-concurrency");
        VARIANTS.put("rate limit 1,000,000/1s (not binding)", "bench-limits-rate");
    }

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "bench-limits-producer", managed = false)
    static WebArchive producer() {
        return archive("bench-limits-producer", "background-jobs.workers.enabled=false");
    }

    @Deployment(name = "bench-limits-none", managed = false)
    static WebArchive none() {
        return archive("bench-limits-none", "background-jobs.pool.default.concurrency=4");
    }

    @Deployment(name = "bench-limits-concurrency", managed = false)
    static WebArchive concurrency() {
        return archive("bench-limits-concurrency", "background-jobs.pool.default.concurrency=4",
                "background-jobs.job.NoopJob.concurrency-limit=4");
    }

    @Deployment(name = "bench-limits-rate", managed = false)
    static WebArchive rate() {
        return archive("bench-limits-rate", "background-jobs.pool.default.concurrency=4",
                "background-jobs.job.NoopJob.rate-limit=1000000/1s");
    }

    static WebArchive archive(String name, String... settings) {
        List<String> config = new ArrayList<>(List.of("background-jobs.namespace=" + NS,
                "background-jobs.pool.default.queues=bench"));
        config.addAll(List.of(settings));
        return Deployments.webArchive(name)
                .addClasses(NoopJob.class, BenchProbe.class, BenchResource.class, BenchResource.BenchApplication.class)
                .addAsResource(new StringAsset(String.join("\n", config)), "META-INF/microprofile-config.properties");
    }

    /** One drain: its throughput, and what it cost Redis per job (CPU and commands, script-inner ones included). */
    record Drain(double jobsPerSecond, double redisCpuMicrosPerJob, double redisCommandsPerJob) {
    }

    @Test
    void measure() throws Exception {
        Map<String, List<Drain>> drains = new LinkedHashMap<>();
        VARIANTS.keySet().forEach(name -> drains.put(name, new ArrayList<>()));
        try (RedisClient redis = TestRedis.connect()) {
            redis.keys(NS + ":*").forEach(redis::del);
            deployer.deploy("bench-limits-producer");
            try {
                List<Map.Entry<String, String>> order = new ArrayList<>(VARIANTS.entrySet());
                for (int run = 1; run <= RUNS; run++) {
                    // Each run starts with another variant, so that none always drains in the coldest or warmest turn.
                    Collections.rotate(order, -1);
                    for (Map.Entry<String, String> variant : order) {
                        Drain drain = drain(redis, variant.getValue());
                        drains.get(variant.getKey()).add(drain);
                        System.out.printf(Locale.ROOT, "limits benchmark run %d, %s: %.0f jobs/s, Redis %.1f µs and %.2f"
                                + " commands per job%n", run, variant.getKey(), drain.jobsPerSecond(),
                                drain.redisCpuMicrosPerJob(), drain.redisCommandsPerJob());
                    }
                }
            } finally {
                deployer.undeploy("bench-limits-producer");
            }
        }
        StringBuilder report = new StringBuilder("Jobs per drain: " + JOBS + " (warm-up " + WARMUP + "), runs: " + RUNS
                + ", 4 threads; median (min–max), and the ratio of medians to the drain without a limit\n\n"
                + "| drain, 4 threads | jobs/s | against no limit | Redis CPU per job, µs | against no limit"
                + " | Redis commands per job | against no limit |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, List<Drain>> variant : drains.entrySet()) {
            report.append("| ").append(variant.getKey());
            for (Function<Drain, Double> measure : List.<Function<Drain, Double>>of(Drain::jobsPerSecond,
                    Drain::redisCpuMicrosPerJob, Drain::redisCommandsPerJob)) {
                List<Double> values = variant.getValue().stream().map(measure).sorted().toList();
                double none = Measurements.median(drains.get("no limit").stream().map(measure).toList());
                report.append(String.format(Locale.ROOT, " | %s (%s–%s) | %.2f×", format(Measurements.median(values)),
                        format(values.get(0)), format(values.get(values.size() - 1)), Measurements.median(values) / none));
            }
            report.append(" |\n");
        }
        Files.writeString(Path.of("target", "limits-benchmark-results.md"), report.toString(), StandardCharsets.UTF_8);
        System.out.println("\n" + report);
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** One measured drain of JOBS staged jobs, after a warm-up drain, in the variant's own deployment. */
    private Drain drain(RedisClient redis, String app) throws Exception {
        deployer.deploy(app);
        try {
            call("bench-limits-producer", "POST", "batch?count=" + WARMUP);
            awaitDrained(app, WARMUP);
            call(app, "POST", "reset");
            // Queued where no loop looks, then moved under the loops at once: enqueueing is not measured.
            call("bench-limits-producer", "POST", "batch?count=" + JOBS + "&queue=" + STAGING);
            RedisUsage before = RedisUsage.read(redis);
            redis.rename(NS + ":queue:" + STAGING, NS + ":queue:bench");
            redis.lpush(NS + ":bgj:wake:bench", Collections.nCopies(4, "1").toArray(String[]::new));
            String[] drained = awaitDrained(app, JOBS);
            RedisUsage used = RedisUsage.read(redis).minus(before);
            return new Drain(JOBS / (Long.parseLong(drained[1]) / 1e9), used.cpuMicros() / JOBS,
                    (double) used.commands() / JOBS);
        } finally {
            deployer.undeploy(app);
        }
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

    private static String call(String app, String method, String path) throws Exception {
        URI uri = URI.create("http://localhost:" + System.getProperty("liberty.http.port") + "/" + app + "/rest/bench/" + path);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + uri + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
