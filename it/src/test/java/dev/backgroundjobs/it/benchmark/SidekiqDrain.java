package dev.backgroundjobs.it.benchmark;

import redis.clients.jedis.RedisClient;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sidekiq's drains for ThroughputBenchmark: Debian's Sidekiq (ruby-sidekiq, installed with apt-get when
 * missing) as a {@code sidekiq} process of its own on the benchmark's Redis, running the no-op worker of
 * {@code it/src/test/resources/sidekiq/noop_worker.rb}. Sidekiq has no namespace: its keys live in
 * Redis database {@value #DB}, which nothing else of the build uses, and which is emptied before each
 * process starts.
 */
final class SidekiqDrain {

    static final int DB = 15;
    static final int[] CONCURRENCY = {1, 16};
    static final String QUEUE = "queue:bench";
    /** Where a batch's jobs wait, where no processor looks, until they are moved under the processors at once. */
    static final String STAGING = "sidekiq-bench:staging";
    /** Where the worker's middleware reports a finished batch: "jobs elapsedNanos". */
    static final String DRAINED = "sidekiq-bench:drained";
    static final Duration INSTALL_LIMIT = Duration.ofMinutes(10);
    static final Duration START_LIMIT = Duration.ofSeconds(60);
    static final Duration DRAIN_LIMIT = Duration.ofMinutes(5);
    static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    static final Path DIR = Path.of("target", "sidekiq");
    static final int PUSH_CHUNK = 1_000;

    /** "Sidekiq 6.4.1 on ruby 3.1.2…" when it can run, else why not; one line either way. */
    private final String note;
    private final boolean available;

    private SidekiqDrain(boolean available, String note) {
        this.available = available;
        this.note = note;
    }

    /** Finds the {@code sidekiq} command, installing Debian's ruby-sidekiq first when it is missing. */
    static SidekiqDrain prepare() throws InterruptedException {
        if (!onPath("sidekiq")) {
            System.out.println("sidekiq is not on the PATH: installing Debian's ruby-sidekiq with apt-get");
            try {
                install();
            } catch (IOException e) {
                return skipped("it is not installed, and installing ruby-sidekiq failed: " + e.getMessage());
            }
            if (!onPath("sidekiq")) {
                return skipped("ruby-sidekiq was installed, but no sidekiq command is on the PATH");
            }
        }
        try {
            String versions = run(List.of("ruby", "-e", "require 'sidekiq'; print \"Sidekiq #{Sidekiq::VERSION}"
                    + " on Ruby #{RUBY_VERSION}, redis-rb #{Redis::VERSION}\""), Duration.ofSeconds(30)).strip();
            Files.createDirectories(DIR);
            try (InputStream worker = SidekiqDrain.class.getResourceAsStream("/sidekiq/noop_worker.rb")) {
                if (worker == null) {
                    throw new IOException("sidekiq/noop_worker.rb is not on the test classpath");
                }
                Files.copy(worker, DIR.resolve("noop_worker.rb"), StandardCopyOption.REPLACE_EXISTING);
            }
            return new SidekiqDrain(true, versions + ", a separate sidekiq process on Redis database " + DB
                    + "; its drain and Redis rows: logger at WARN (no line per job); its logs are in it/" + DIR);
        } catch (IOException e) {
            return skipped("sidekiq is on the PATH, but " + e.getMessage());
        }
    }

    /** apt-get update and install, as root or through sudo without a password prompt. */
    private static void install() throws IOException, InterruptedException {
        List<String> apt = new ArrayList<>();
        if (!"0".equals(run(List.of("id", "-u"), Duration.ofSeconds(10)).strip())) {
            apt.addAll(List.of("sudo", "-n"));
        }
        apt.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get"));
        List<String> update = new ArrayList<>(apt);
        update.addAll(List.of("update", "-qq"));
        run(update, INSTALL_LIMIT);
        List<String> install = new ArrayList<>(apt);
        install.addAll(List.of("install", "-y", "-qq", "ruby-sidekiq"));
        run(install, INSTALL_LIMIT);
    }

    private static SidekiqDrain skipped(String why) {
        String note = "Sidekiq not measured: " + why.strip().replace('\n', ' ');
        System.out.println(note);
        return new SidekiqDrain(false, note);
    }

    String note() {
        return note;
    }

    /**
     * One run of the four Sidekiq variants (1 and 16 processors, quiet and default logging), each in a new
     * process: {@code warmup} jobs unmeasured, then {@code jobs} measured. Nothing when Sidekiq is missing.
     */
    void measure(Measurements results, int warmup, int jobs) throws Exception {
        if (!available) {
            return;
        }
        try (RedisClient redis = RedisClient.create(url())) {
            for (int concurrency : CONCURRENCY) {
                for (boolean quiet : new boolean[] {true, false}) {
                    Drained drained = drain(redis, concurrency, quiet, warmup, jobs);
                    String threads = concurrency + " thread(s)";
                    if (quiet) {
                        results.sidekiq("drain, " + threads, "jobs/s", true, jobs / (drained.nanos() / 1e9));
                        results.sidekiq("Redis CPU per job, " + threads, "µs", false, drained.redis().cpuMicros() / jobs);
                        results.sidekiq("Redis commands per job, " + threads, "commands", false,
                                (double) drained.redis().commands() / jobs);
                        results.sidekiq("Sidekiq process CPU per job, " + threads, "µs", false, drained.processMicros() / jobs);
                    } else {
                        results.sidekiq("drain, " + threads + ", Sidekiq's default logging (INFO: start and done line per job)",
                                "jobs/s", true, jobs / (drained.nanos() / 1e9));
                        results.sidekiq("Sidekiq process CPU per job, " + threads + ", default logging", "µs", false,
                                drained.processMicros() / jobs);
                    }
                }
            }
        }
    }

    /** A measured drain: first job's start to last job's finish, and what Redis and the process used meanwhile. */
    record Drained(long nanos, RedisUsage redis, double processMicros) {
    }

    private Drained drain(RedisClient redis, int concurrency, boolean quiet, int warmup, int jobs) throws Exception {
        redis.flushDB();
        String name = "sidekiq-c" + concurrency + (quiet ? "-warn" : "-info");
        Path log = DIR.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder("sidekiq", "-r", "./noop_worker.rb", "-c", Integer.toString(concurrency),
                "-q", "bench").directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("REDIS_URL", url().toString());
        builder.environment().put("SIDEKIQ_BENCH_LOG_LEVEL", quiet ? "warn" : "info");
        Process process = builder.start();
        try {
            awaitFetching(redis, process, concurrency, log);
            if (warmup > 0) {
                stage(redis, warmup);
                redis.rename(STAGING, QUEUE);
                awaitDrained(redis, process, warmup, log, new int[1]);
            }
            stage(redis, jobs);
            // Pushing the jobs ran this JVM's JSON building: its compiler is done before the drain, as for Jesque.
            ProcessThreads.awaitQuietCompiler("self", ThroughputBenchmark.COMPILER_WAIT_LIMIT);
            String pid = Long.toString(process.pid());
            ProcessThreads.Cpu cpuBefore = ProcessThreads.read(pid);
            RedisUsage before = RedisUsage.read(redis);
            redis.rename(STAGING, QUEUE);
            int[] polls = new int[1];
            long nanos = awaitDrained(redis, process, jobs, log, polls);
            RedisUsage after = RedisUsage.read(redis);
            double processMicros = ProcessThreads.read(pid).minus(cpuBefore).allMicros();
            // The benchmark's own LPOPs while waiting are not Sidekiq's.
            RedisUsage used = after.minus(before).minus(new RedisUsage(0, polls[0]));
            System.out.println(name + ": " + jobs + " jobs in " + nanos / 1_000_000 + " ms");
            return new Drained(nanos, used, processMicros);
        } finally {
            stop(process, name);
        }
    }

    /**
     * Waits until the process has registered in Sidekiq's {@code processes} set and its processors are all
     * blocked in BRPOP on the empty queue, so its 1–2 s start is not in the measure.
     */
    private static void awaitFetching(RedisClient redis, Process process, int concurrency, Path log) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (redis.scard("processes") == 0 || blockedClients(redis) < concurrency) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sidekiq exited with " + process.exitValue() + " before fetching: " + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sidekiq did not register and block in BRPOP with " + concurrency
                        + " processor(s) within " + START_LIMIT.toSeconds() + " s: " + tail(log));
            }
            Thread.sleep(50);
        }
    }

    private static long blockedClients(RedisClient redis) {
        for (String line : redis.info("clients").split("\r?\n")) {
            if (line.startsWith("blocked_clients:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("INFO clients has no blocked_clients");
    }

    /** Pushes {@code count} jobs in Sidekiq 6's JSON form to the staging list, and names the queue in {@code queues}. */
    private static void stage(RedisClient redis, int count) {
        redis.del(STAGING);
        String now = String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0);
        String before = "{\"class\":\"NoopWorker\",\"args\":[" + count + "],\"queue\":\"bench\",\"jid\":\"";
        String after = "\",\"created_at\":" + now + ",\"enqueued_at\":" + now + ",\"retry\":true}";
        HexFormat hex = HexFormat.of();
        String prefix = hex.toHexDigits(ThreadLocalRandom.current().nextLong());
        for (int pushed = 0; pushed < count; ) {
            String[] chunk = new String[Math.min(PUSH_CHUNK, count - pushed)];
            for (int i = 0; i < chunk.length; i++, pushed++) {
                // 24 hex digits, as Sidekiq's SecureRandom.hex(12), unique within the batch.
                chunk[i] = before + prefix + hex.toHexDigits(pushed) + after;
            }
            redis.lpush(STAGING, chunk);
        }
        redis.sadd("queues", "bench");
    }

    /** Waits for the middleware's report of a batch of {@code jobs}; returns its elapsed nanoseconds. */
    private static long awaitDrained(RedisClient redis, Process process, int jobs, Path log, int[] polls) throws Exception {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (true) {
            polls[0]++;
            String report = redis.lpop(DRAINED);
            if (report != null) {
                String[] fields = report.split(" ");
                if (Long.parseLong(fields[0]) != jobs) {
                    throw new IllegalStateException("sidekiq reported a batch of " + fields[0] + " jobs, not " + jobs);
                }
                return Long.parseLong(fields[1]);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("sidekiq exited with " + process.exitValue() + " during a drain of "
                        + jobs + " jobs (" + redis.llen(QUEUE) + " left): " + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sidekiq did not drain " + jobs + " jobs within " + DRAIN_LIMIT.toMinutes()
                        + " min (" + redis.llen(QUEUE) + " left in " + QUEUE + "): " + tail(log));
            }
            Thread.sleep(20);
        }
    }

    /** TERM, as Sidekiq expects for a clean stop; KILL when it has not stopped in 30 s. */
    private static void stop(Process process, String name) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            System.out.println(name + ": sidekiq did not stop within " + STOP_LIMIT.toSeconds() + " s of TERM, killed");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static URI url() {
        String port = System.getProperty("redis.port");
        if (port == null) {
            throw new IllegalStateException("system property redis.port is not set: run the benchmark through Maven");
        }
        return URI.create("redis://127.0.0.1:" + port + "/" + DB);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command to its end; its output, or an IOException naming the command and its last output line. */
    private static String run(List<String> command, Duration limit) throws IOException, InterruptedException {
        Path output = Files.createTempFile("sidekiq-command", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + limit.toMinutes() + " min");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                String last = text.strip().lines().reduce((first, second) -> second).orElse("no output");
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + last);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
