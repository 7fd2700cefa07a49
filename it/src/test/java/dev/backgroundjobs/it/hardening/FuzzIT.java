package dev.backgroundjobs.it.hardening;

import dev.backgroundjobs.it.support.RunCounts;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Http;
import dev.backgroundjobs.it.support.LibertyProcess;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fuzz test on a real Liberty and Redis: generated and mutated payloads pushed raw onto the queues
 * of a '*' pool, mixed with valid jobs, beside queue keys of foreign types. Every valid job runs
 * exactly once, every invalid one is in the failed list exactly once with a clear error, no loop
 * dies, liveness stays UP throughout, no class named by a payload is loaded, no key a payload names
 * outside the module's own is touched, and the server's resident memory grows by less than its heap's cap.
 * {@code -Dfuzz.payloads=N} and {@code -Dfuzz.seed=S} change the run; the figures are printed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FuzzIT {

    static final String NS = "it-fuzz";
    static final String VICTIM = "it-fuzz-victim";
    static final List<String> QUEUES = List.of("fuzz-a", "fuzz-b", "fuzz-c");
    private static final int PAYLOADS = Integer.getInteger("fuzz.payloads", 100_000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    /**
     * The server JVM's heap is capped at 512 MiB (it/pom.xml, and it exits on an OutOfMemoryError), so
     * the heap can add at most that to the resident size, however many payloads pass; growth past it
     * would be memory held outside the heap. Seen: 250-300 MiB when the run starts on a fresh server
     * (the heap grows to its cap), about 10 MiB after the rest of the suite.
     */
    private static final long RSS_GROWTH_LIMIT_MIB = 512;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("fuzz")
                .addClasses(FuzzJob.class, RunCounts.class, Canary.class, CanaryResource.class, QuietJobLog.class,
                        CanaryResource.FuzzApplication.class, TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.pool.default.queues=*",
                        "background-jobs.pool.default.concurrency=4",
                        "background-jobs.poll-interval=1s")), "META-INF/microprofile-config.properties");
    }

    private final RedisClient redis = TestRedis.connect();

    @AfterEach
    void clean() {
        List<String> keys = new ArrayList<>(redis.keys(NS + ":*"));
        keys.add(VICTIM);
        redis.del(keys.toArray(String[]::new));
        redis.close();
    }

    @Test
    void noPayloadStopsFoolsOrLeaksTheWorkers() throws Exception {
        awaitLive();
        redis.set(VICTIM, "untouched");
        // Jesque's delayed enqueue and others' keys of foreign types among the queues of the '*' pool.
        redis.zadd(NS + ":queue:jesque-delayed", 1, "{\"class\":\"FuzzJob\",\"args\":[\"never\",1]}");
        redis.hset(NS + ":queue:a-hash", "field", "value");
        redis.set(NS + ":queue:a-string", "text");
        redis.sadd(NS + ":queues", "jesque-delayed", "a-hash", "a-string");
        String pid = Long.toString(LibertyProcess.pid());
        long rssBeforeKib = LibertyProcess.statusKib(pid, "VmRSS:");
        int deathsBefore = loopDeathsLogged();

        PayloadFuzzer fuzzer = new PayloadFuzzer(SEED);
        Set<String> validTokens = new HashSet<>();
        Map<String, Integer> invalidKinds = new TreeMap<>();
        List<PayloadFuzzer.Case> batch = new ArrayList<>();
        LivenessWatch liveness = new LivenessWatch();
        Thread watcher = new Thread(liveness, "liveness-watch");
        watcher.setDaemon(true);
        watcher.start();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < PAYLOADS; i++) {
                PayloadFuzzer.Case next = fuzzer.next();
                if (next.valid()) {
                    assertTrue(validTokens.add(next.token()), "tokens are unique");
                } else {
                    invalidKinds.merge(next.kind(), 1, Integer::sum);
                }
                batch.add(next);
                if (batch.size() == 500 || i == PAYLOADS - 1) {
                    push(batch);
                    batch.clear();
                }
            }
            int invalid = PAYLOADS - validTokens.size();
            Await.until("every payload is run or recorded as failed", Duration.ofMinutes(10),
                    () -> redis.hlen(RunCounts.key(NS)) >= validTokens.size() && redis.llen(NS + ":failed") >= invalid
                            && QUEUES.stream().allMatch(queue -> redis.llen(NS + ":queue:" + queue) == 0));
            // Anything run twice or recorded twice would show up after the last one.
            Thread.sleep(2_000);
        } finally {
            liveness.stop();
            watcher.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rssAfterKib = LibertyProcess.statusKib(pid, "VmRSS:");

        Map<String, String> runs = redis.hgetAll(RunCounts.key(NS));
        assertEquals(validTokens, runs.keySet(), "every valid job ran, and nothing else did");
        List<String> twice = runs.entrySet().stream().filter(run -> !run.getValue().equals("1")).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), twice, "valid jobs that ran more than once");
        int invalid = PAYLOADS - validTokens.size();
        List<String> failed = redis.lrange(NS + ":failed", 0, -1);
        assertEquals(invalid, failed.size(), "every invalid payload is in the failed list exactly once");
        Map<String, Integer> errors = new TreeMap<>();
        for (String record : failed) {
            JsonObject parsed = Json.createReader(new StringReader(record)).readObject();
            String error = parsed.getString("error");
            assertTrue(error.matches("BGJ00(30|31|32|90)E: .*"), "a clear error: " + error);
            errors.merge(error.substring(0, 8), 1, Integer::sum);
        }
        assertEquals(0, loopDeathsLogged() - deathsBefore, "worker loops that died (BGJ0046E in messages.log)");
        assertEquals(List.of(), liveness.downs, "liveness answers other than UP while the payloads ran");
        assertTrue(liveness.checks.get() > 0, "liveness was watched");
        assertEquals("false", Http.get(Http.server("/fuzz/rest/canary")).body(), "a class named by a payload was loaded");
        assertEquals("untouched", redis.get(VICTIM));
        assertEquals(1, redis.zcard(NS + ":queue:jesque-delayed"), "a foreign key is left as it is");
        assertEquals(Set.of(), redis.keys(NS + ":bgj:inflight:*"), "jobs left in flight");
        String ready = Http.get(Http.server("/health/ready")).body();
        assertTrue(ready.contains("\"wrongType." + NS + ":queue:jesque-delayed\":\"zset\""), ready);
        System.out.printf("FuzzIT: seed %d, %d payloads (%d valid, %d invalid: %s) in %.1f s (%.0f/s); failed-list "
                        + "errors %s; liveness UP in %d of %d checks; 0 loop deaths; Liberty RSS %d -> %d MiB%n", SEED,
                PAYLOADS, validTokens.size(), invalid, invalidKinds, seconds, PAYLOADS / seconds, errors,
                liveness.checks.get() - liveness.downs.size(), liveness.checks.get(), rssBeforeKib / 1024,
                rssAfterKib / 1024);
        long growthMib = (rssAfterKib - rssBeforeKib) / 1024;
        assertTrue(growthMib < RSS_GROWTH_LIMIT_MIB, "Liberty's resident memory grew by " + growthMib + " MiB");
    }

    /** Pushes each payload byte for byte onto one of the queues, in one round trip. */
    private void push(List<PayloadFuzzer.Case> cases) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (PayloadFuzzer.Case next : cases) {
                byte[] queue = (NS + ":queue:" + QUEUES.get(Math.floorMod(next.payload().length, QUEUES.size())))
                        .getBytes(StandardCharsets.UTF_8);
                pipeline.rpush(queue, next.payload());
            }
            for (String queue : QUEUES) {
                pipeline.sadd(NS + ":queues", queue);
            }
            pipeline.sync();
        }
    }

    /** Asks for liveness every half second and keeps every answer that was not UP. */
    private static final class LivenessWatch implements Runnable {

        final List<String> downs = new ArrayList<>();
        final AtomicInteger checks = new AtomicInteger();
        private final AtomicBoolean stopped = new AtomicBoolean();

        @Override
        public void run() {
            while (!stopped.get()) {
                try {
                    HttpResponse<String> live = Http.get(Http.server("/health/live"));
                    checks.incrementAndGet();
                    if (live.statusCode() != 200) {
                        synchronized (downs) {
                            downs.add(live.statusCode() + " " + live.body());
                        }
                    }
                    Thread.sleep(500);
                } catch (IOException e) {
                    synchronized (downs) {
                        downs.add("no answer: " + e);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() {
            stopped.set(true);
        }
    }

    private static void awaitLive() throws Exception {
        Await.until("liveness UP", Duration.ofSeconds(30), () -> Http.get(Http.server("/health/live")).statusCode() == 200);
    }


    /** How often messages.log says a worker loop failed. */
    private static int loopDeathsLogged() throws IOException {
        Path log = Path.of(System.getProperty("liberty.server.dir"), "logs", "messages.log");
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return (int) lines.filter(line -> line.contains("BGJ0046E") || line.contains("BGJ0042E")).count();
        }
    }


}
