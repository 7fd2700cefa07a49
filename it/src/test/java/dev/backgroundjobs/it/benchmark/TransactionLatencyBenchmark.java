package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.LibertyProcess;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The latency of a REST request that commits one JTA transaction with a row of the application's and
 * 3 jobs, with and without the transactional outbox, on PostgreSQL (jdbc/outboxPostgres) and H2
 * (jdbc/demo); see BENCHMARKS.md. Sequential requests from this JVM on one kept-alive HTTP/1.1
 * connection, timed here; each variant is warmed up, then measured, {@code bench.tx.runs} times.
 * The jobs go to a queue no worker reads (the deployments run none); after each variant the
 * benchmark checks that the queue holds every job and deletes it, and that the outbox is empty.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TransactionLatencyBenchmark {

    static final int REQUESTS = Integer.getInteger("bench.tx.requests", 5_000);
    static final int WARMUP = Integer.getInteger("bench.tx.warmup", 2_000);
    static final int RUNS = Integer.getInteger("bench.tx.runs", 3);
    static final int JOBS = 3;
    static final String NS = "bench-tx";
    static final String QUEUE_KEY = NS + ":queue:" + TxNoopJob.QUEUE;
    static final Duration COMPILER_WAIT_LIMIT = Duration.ofSeconds(30);
    static final Duration OUTBOX_EMPTY_LIMIT = Duration.ofSeconds(60);
    /** Requests of each kind under PostgreSQL's statement log, to see which commit protocol ran. */
    static final int PROTOCOL_PROBE = 20;
    /** One client, HTTP/1.1 (no h2c upgrade), so that sequential requests share one kept-alive connection. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    enum Database {
        POSTGRES("postgres", "jdbc/outboxPostgres", "tx-outbox-postgres"),
        H2("h2", "jdbc/demo", "tx-outbox-h2");

        final String param;
        final String jndi;
        final String outboxApp;

        Database(String param, String jndi, String outboxApp) {
            this.param = param;
            this.jndi = jndi;
            this.outboxApp = outboxApp;
        }
    }

    enum Variant {
        BASELINE("(a) row only", 0),
        PLAIN("(b) row + 3 jobs, no outbox", JOBS),
        OUTBOX("(c) row + 3 jobs, outbox", JOBS);

        final String label;
        final int jobs;

        Variant(String label, int jobs) {
            this.label = label;
            this.jobs = jobs;
        }

        String app(Database database) {
            return this == OUTBOX ? database.outboxApp : "tx-plain";
        }
    }

    /**
     * One measure of one variant: client p50 and p99, and the server's p50 of the transactional call, in
     * ms; and the Liberty JVM's CPU per request in µs (all its threads, the outbox's deletes and H2 included).
     */
    record Sample(double p50, double p99, double serverP50, double cpuMicros) {
    }

    @ArquillianResource
    Deployer deployer;

    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private String liberty;

    @Deployment(name = "tx-plain", managed = false)
    static WebArchive plain() {
        return archive("tx-plain", "");
    }

    @Deployment(name = "tx-outbox-postgres", managed = false)
    static WebArchive outboxPostgres() {
        return archive("tx-outbox-postgres", "background-jobs.outbox.datasource=" + Database.POSTGRES.jndi);
    }

    @Deployment(name = "tx-outbox-h2", managed = false)
    static WebArchive outboxH2() {
        return archive("tx-outbox-h2", "background-jobs.outbox.datasource=" + Database.H2.jndi);
    }

    static WebArchive archive(String name, String setting) {
        return Deployments.webArchive(name)
                .addClasses(TxNoopJob.class, TxWriter.class, TxResource.class, TxResource.TxApplication.class)
                .addAsResource(new StringAsset(String.join("\n", "background-jobs.namespace=" + NS,
                        "background-jobs.workers.enabled=false", setting)), "META-INF/microprofile-config.properties");
    }

    @Test
    void measure() throws Exception {
        liberty = Long.toString(LibertyProcess.pid());
        String started = Instant.now() + " (load average " + loadAverage() + ")";
        List<String> apps = List.of("tx-plain", Database.POSTGRES.outboxApp, Database.H2.outboxApp);
        try (RedisClient redis = TestRedis.connect()) {
            redis.keys(NS + ":*").forEach(redis::del);
            apps.forEach(deployer::deploy);
            try {
                for (Database database : Database.values()) {
                    // The housekeeper of the outbox deployment creates the table at its first tick.
                    Await.until("the outbox table in " + database.jndi, Duration.ofSeconds(60),
                            () -> !outboxRows(database).startsWith("-1"));
                }
                // One unmeasured pass first: Liberty's own code on the path (HTTP, JAX-RS, the transaction
                // manager, the JDBC drivers) is shared by all variants and was cold for the first one.
                for (Database database : Database.values()) {
                    for (Variant variant : Variant.values()) {
                        measure(redis, database, variant, WARMUP, 0);
                    }
                }
                for (int run = 1; run <= RUNS; run++) {
                    for (Database database : Database.values()) {
                        // The order turns from run to run, so that no variant always runs first or after the outbox's deletes.
                        for (int turn = 0; turn < Variant.values().length; turn++) {
                            Variant variant = Variant.values()[(turn + run - 1) % Variant.values().length];
                            Sample sample = measure(redis, database, variant, WARMUP, REQUESTS);
                            System.out.printf(Locale.ROOT, "run %d, %s, %s: p50 %.3f ms, p99 %.3f ms, server p50 %.3f ms, CPU %.0f µs%n",
                                    run, database.jndi, variant.label, sample.p50(), sample.p99(), sample.serverP50(), sample.cpuMicros());
                            samples.computeIfAbsent(key(database, variant), k -> new ArrayList<>()).add(sample);
                        }
                    }
                }
                String protocol = commitProtocolProbe(redis);
                for (Database database : Database.values()) {
                    String rows = outboxRows(database);
                    assertEquals("0", rows.split(" ")[0], "outbox rows of " + NS + " left in " + database.jndi + " (namespace, all): " + rows);
                }
                String report = "Started " + started + ", ended " + Instant.now() + " (load average " + loadAverage()
                        + "); requests per variant and run: " + REQUESTS + " (warm-up " + WARMUP
                        + "), runs: " + RUNS + ". Times in ms, measured in the test JVM around each HTTP request;"
                        + " \"server p50\" is the transactional call inside the server, commit and after-commit send included; \"Liberty CPU\" is the user + system CPU"
                        + " of the Liberty JVM (all threads) over the measured requests and, with the outbox, until their rows were deleted,"
                        + " per request. Each variant had one unmeasured pass before run 1; the differences are taken run by run.\n\n"
                        + table() + "\n" + protocol;
                Files.writeString(Path.of("target", "transaction-latency-results.md"), report, StandardCharsets.UTF_8);
                System.out.println("\n" + report);
            } finally {
                apps.forEach(deployer::undeploy);
            }
        }
    }

    private Sample measure(RedisClient redis, Database database, Variant variant, int warmup, int requests) throws Exception {
        String app = variant.app(database);
        String write = "write?db=" + database.param + "&jobs=" + variant.jobs;
        call(app, "POST", "setup?db=" + database.param);
        for (int i = 0; i < warmup; i++) {
            call(app, "POST", write);
        }
        checkAndClear(redis, database, variant, warmup);
        if (requests == 0) {
            return null;
        }
        ProcessThreads.awaitQuietCompiler(liberty, COMPILER_WAIT_LIMIT);
        long[] client = new long[requests];
        long[] server = new long[requests];
        ProcessThreads.Cpu before = ProcessThreads.read(liberty);
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            String body = call(app, "POST", write);
            client[i] = System.nanoTime() - start;
            server[i] = Long.parseLong(body.trim());
        }
        if (variant == Variant.OUTBOX) {
            awaitOutboxEmpty(database);
        }
        double cpuMicros = ProcessThreads.read(liberty).minus(before).allMicros() / requests;
        checkAndClear(redis, database, variant, requests);
        return new Sample(percentile(client, 50), percentile(client, 99), percentile(server, 50), cpuMicros);
    }

    /** Every request committed its row and its jobs are all in the queue; the outbox empties; then both are cleared. */
    private void checkAndClear(RedisClient redis, Database database, Variant variant, int requests) throws Exception {
        String app = variant.app(database);
        assertEquals(requests, Long.parseLong(call(app, "GET", "rows?db=" + database.param)),
                "rows committed in " + database.jndi + " by " + variant.label);
        assertEquals((long) requests * variant.jobs, redis.llen(QUEUE_KEY), "jobs queued by " + variant.label + " on " + database.jndi);
        if (variant == Variant.OUTBOX) {
            awaitOutboxEmpty(database);
        }
        // Everything the jobs left in Redis (the queue, their status keys); the namespace has no workers.
        redis.keys(NS + ":*").stream().filter(key -> key.equals(QUEUE_KEY) || redis.ttl(key) > 0).forEach(redis::del);
        call(app, "POST", "setup?db=" + database.param);
    }

    /**
     * Which commit protocol the transactions of (b) and (c) used on PostgreSQL: with its statement log
     * on, a one-phase XA commit shows as COMMIT, a two-phase one as PREPARE TRANSACTION and COMMIT PREPARED.
     */
    private String commitProtocolProbe(RedisClient redis) throws Exception {
        Path home = Path.of("target", "postgres", "home");
        if (!Files.isRegularFile(home)) {
            return "Commit protocol: not probed (no " + home + ")\n";
        }
        Path log = Path.of(Files.readString(home).trim(), "postgres.log");
        StringBuilder result = new StringBuilder("Commit protocol on PostgreSQL, " + PROTOCOL_PROBE
                + " requests each under `log_statement = all` (statements in the server's log):\n\n");
        for (Variant variant : List.of(Variant.PLAIN, Variant.OUTBOX)) {
            String app = variant.app(Database.POSTGRES);
            call(app, "POST", "setup?db=postgres");
            postgresLogStatements("all");
            long from = Files.size(log);
            for (int i = 0; i < PROTOCOL_PROBE; i++) {
                call(app, "POST", "write?db=postgres&jobs=" + variant.jobs);
            }
            postgresLogStatements(null);
            String logged = Files.readString(log).substring((int) from);
            List<String> lines = logged.lines().toList();
            result.append(String.format(Locale.ROOT,
                    "- %s: %d INSERT INTO %s, %d INSERT INTO %s, %d COMMIT, %d PREPARE TRANSACTION, %d COMMIT PREPARED\n",
                    variant.label, matching(lines, "INSERT INTO " + TxWriter.TABLE), TxWriter.TABLE,
                    matching(lines, "INSERT INTO " + TxResource.OUTBOX), TxResource.OUTBOX,
                    (int) lines.stream().filter(line -> line.strip().matches(".*(statement|execute [^:]*): COMMIT")).count(),
                    matching(lines, "PREPARE TRANSACTION"), matching(lines, "COMMIT PREPARED")));
            checkAndClear(redis, Database.POSTGRES, variant, PROTOCOL_PROBE);
        }
        return result.toString();
    }

    private static void postgresLogStatements(String value) throws Exception {
        try (Connection connection = DriverManager.getConnection(System.getProperty("postgres.url"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(value == null ? "ALTER SYSTEM RESET log_statement" : "ALTER SYSTEM SET log_statement = '" + value + "'");
            statement.execute("SELECT pg_reload_conf()");
        }
        Thread.sleep(500); // the postmaster signals the backends; a kept connection reads the change before its next statement
    }

    private void awaitOutboxEmpty(Database database) throws Exception {
        Await.until("the outbox of " + database.jndi + " emptied", OUTBOX_EMPTY_LIMIT, () -> outboxRows(database).startsWith("0 "));
    }

    /** The 1, 5 and 15 minute load averages: the machine may be shared with other builds. */
    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static int matching(List<String> lines, String part) {
        return (int) lines.stream().filter(line -> line.contains(part) && !line.contains("DETAIL:")).count();
    }

    private String outboxRows(Database database) throws Exception {
        return call(database.outboxApp, "GET", "outbox?db=" + database.param + "&namespace=" + NS).trim();
    }

    private String table() {
        StringBuilder table = new StringBuilder("| data source | variant | p50: median (min–max) | p99: median (min–max) | server p50: median (min–max) | Liberty CPU µs per request: median (min–max) |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (Database database : Database.values()) {
            for (Variant variant : Variant.values()) {
                List<Sample> runs = samples.get(key(database, variant));
                table.append("| ").append(database.jndi).append(" | ").append(variant.label).append(" | ")
                        .append(summary(runs.stream().map(Sample::p50).toList())).append(" | ")
                        .append(summary(runs.stream().map(Sample::p99).toList())).append(" | ")
                        .append(summary(runs.stream().map(Sample::serverP50).toList())).append(" | ")
                        .append(summary(runs.stream().map(Sample::cpuMicros).toList(), "%.0f")).append(" |\n");
            }
            table.append(difference(database, Variant.PLAIN, Variant.BASELINE, "b − a: 3 jobs, no outbox"));
            table.append(difference(database, Variant.OUTBOX, Variant.PLAIN, "c − b: the outbox"));
        }
        return table.toString();
    }

    /** The differences of two variants run by run (measured within minutes of each other), then summarised. */
    private String difference(Database database, Variant minuend, Variant subtrahend, String label) {
        List<Sample> a = samples.get(key(database, minuend));
        List<Sample> b = samples.get(key(database, subtrahend));
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            p50.add(a.get(i).p50() - b.get(i).p50());
            p99.add(a.get(i).p99() - b.get(i).p99());
            server.add(a.get(i).serverP50() - b.get(i).serverP50());
            cpu.add(a.get(i).cpuMicros() - b.get(i).cpuMicros());
        }
        return "| " + database.jndi + " | " + label + " | " + summary(p50) + " | " + summary(p99) + " | " + summary(server)
                + " | " + summary(cpu, "%.0f") + " |\n";
    }

    private static String key(Database database, Variant variant) {
        return database + "/" + variant;
    }

    private static String summary(List<Double> values) {
        return summary(values, "%.3f");
    }

    private static String summary(List<Double> values, String format) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", Measurements.median(values), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    private static double percentile(long[] nanos, double percentile) {
        List<Long> values = new ArrayList<>(nanos.length);
        for (long value : nanos) {
            values.add(value);
        }
        return Measurements.percentile(values, percentile) / 1e6;
    }

    private static String call(String app, String method, String path) throws Exception {
        URI uri = URI.create("http://localhost:" + System.getProperty("liberty.http.port") + "/" + app + "/rest/tx/" + path);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + uri + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
