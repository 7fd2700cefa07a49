package dev.backgroundjobs.it.scripts;

import dev.backgroundjobs.internal.redis.ComposedScripts;
import dev.backgroundjobs.it.support.RedisBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every script on a Redis Cluster node, in a namespace with a hash tag ({@code {jobs-…}}): a real
 * {@code redis-server --cluster-enabled yes} that owns all 16384 slots. Run as a Redis 7 script
 * ({@link Scripts#strict}), a script that touches a key outside the slot of its keys is refused there, so
 * each call below, run along the paths where the scripts derive keys from what they read (payloads'
 * ids, the queues of a pool of every queue, held jobs, limit buckets, batches, stale workers), proves
 * that every key it touches is in the namespace's slot. Redis 7 is needed: 6.2 has no such check, so on
 * the embedded 6.2 binary the test skips with one line (and fails where the build demands it).
 */
class ClusterSlotScriptIT {

    static final String RUNNING = "{\"status\":2}";
    static final String QUEUED = "{\"status\":1}";
    static final String NOW = "2026-12-01T00:00:00Z";

    static Path dir;
    static Process node;
    static int port;

    final RedisClient redis = RedisClient.create("127.0.0.1", port);
    final Scripts scripts = Scripts.strict(redis, "{jobs-" + UUID.randomUUID() + "}");

    @BeforeAll
    static void startClusterNode() throws Exception {
        // The build's link, not its target: Debian's redis-server is a link to a binary that acts by its name.
        Path binary = Path.of(System.getProperty("redis.binary"));
        requireRedis7(binary);
        dir = Files.createTempDirectory("bgj-cluster-node");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        node = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                "--dir", dir.toString(), "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try (RedisClient admin = awaitNode()) {
            admin.sendCommand(() -> "CLUSTER".getBytes(), "ADDSLOTSRANGE", "0", "16383");
            Instant deadline = Instant.now().plusSeconds(20);
            while (!clusterInfo(admin).contains("cluster_state:ok")) {
                assertTrue(Instant.now().isBefore(deadline), "the node never reached cluster_state:ok");
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stopClusterNode() throws Exception {
        if (node != null) {
            node.destroy();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
    }

    @AfterEach
    void clean() {
        scripts.close();
    }

    @Test
    void theNodeRefusesAScriptThatTouchesAKeyOfAnotherSlot() {
        String script = "#!lua\nredis.call('GET', KEYS[1]) return redis.call('GET', 'another-slot')";
        JedisDataException refused = assertThrows(JedisDataException.class,
                () -> redis.eval(script, List.of(scripts.key("queues")), List.of()));

        assertTrue(refused.getMessage().contains("do not hash to the same slot"), refused.getMessage());
        assertEquals(null, redis.eval(script.substring("#!lua\n".length()), List.of(scripts.key("queues")), List.of()),
                "without the shebang, as Redis 6 ran scripts, the node lets it pass");
    }

    @Test
    void aNamespaceWithoutAHashTagCannotRunTheScriptsOnACluster() {
        Scripts untagged = Scripts.strict(redis, "jobs-" + UUID.randomUUID());
        JedisDataException refused = assertThrows(JedisDataException.class,
                () -> untagged.fetch("w1", NOW, RUNNING, 60, "0", "q"));

        assertTrue(refused.getMessage().contains("CROSSSLOT") || refused.getMessage().contains("same slot"),
                refused.getMessage());
    }

    @Test
    void enqueueFetchAndFinishWithEverythingTheyDeriveStayInTheNamespacesSlot() {
        String tracked = job("j1", "q", ",\"unique_key\":\"" + scripts.key("bgj:unique:A:d1") + "\"");
        String delayed = job("j2", "q", "");
        long past = redisSeconds() - 10;
        scripts.enqueue(64, QUEUED, QUEUED, 60, 600, 0, "P", "q", 1, job("p1", "q", ""),
                "J", "q", tracked, scripts.key("job:j1:status"), "", "j1", scripts.key("bgj:unique:A:d1"), 600,
                "J", "q", delayed, scripts.key("job:j2:status"), past, "j2", "", "");
        scripts.run("register_worker.lua", scripts.keys.forWorkers(List.of("h:1-pool-1:q")), "h:1-pool-1:q", "h");

        List<?> first = assertInstanceOf(List.class, scripts.fetch("h:1-pool-1:q", NOW, RUNNING, 60, "0", "q"));
        assertEquals("q", first.get(0));
        // A busy worker ends its run and takes the next job in one call, through a chain's next step.
        Scripts.Call end = scripts.finishCall("h:1-pool-1:q", first.get(1), "", "{\"status\":4}", 60, "succeeded",
                29_000_000, "", "", "", "then", job("n1", "then", ""), scripts.key("job:n1:status"), QUEUED, 64);
        Scripts.Call next = scripts.fetchCall("h:1-pool-1:q", NOW, RUNNING, 60, "1");
        List<?> second = assertInstanceOf(List.class,
                scripts.runComposed(ComposedScripts.finishThenFetch(), end, next));
        assertEquals(tracked, second.get(1), "a pool of every queue derives the queues' keys from the queues set");
        assertEquals(RUNNING, redis.get(scripts.key("job:j1:status")));

        assertEquals(1L, scripts.finish("h:1-pool-1:q", tracked, scripts.key("job:j1:status"), "{\"status\":3}", 60,
                "retry", 29_000_000, "", job("j1", "q", ",\"attempts\":1"), 0));
        List<?> promoted = assertInstanceOf(List.class, scripts.runComposed(ComposedScripts.promoteDue(),
                new Scripts.Call(scripts.keys.forPromoteRetries(), List.of("64", QUEUED, "60", "500")),
                new Scripts.Call(scripts.keys.forPromoteDelayed(),
                        List.of("64", QUEUED, "60", "500", "bgj:me", "15", "60", "600"))));
        assertEquals(List.of(1L, ""), promoted.get(0));
        assertEquals(List.of(1L, ""), promoted.get(1));
        assertEquals(List.of("q", "then"), sorted(redis.smembers(scripts.key("queues"))));
        assertEquals(2, redis.llen(scripts.key("queue:q")), "the retry and the delayed job");

        assertEquals(0L, scripts.run("unregister_worker.lua", scripts.keys.forWorkers(List.of("h:1-pool-1:q")),
                "h:1-pool-1:q"), "nothing was left in flight");
    }

    @Test
    void pausesLimitsCancelsAndExpiriesDeriveOnlyKeysOfTheNamespacesSlot() {
        scripts.run("pause.lua", scripts.keys.forPause(false), "Paused", "alice");
        scripts.run("publish_limits.lua", scripts.keys.forPublishLimits(), 1, "Limited", "0 0 1 60000 -1 ");
        scripts.enqueue(64, QUEUED, QUEUED, 60, 600, 0, "P", "q", 5, named("Paused", "h1"), named("Limited", "l1"),
                named("Limited", "l2"), job("c1", "q", ""),
                job("e1", "q", ",\"expires_at\":\"1000\""));
        redis.set(scripts.key("bgj:cancel:c1"), "1");

        List<?> limited = assertInstanceOf(List.class, scripts.fetch("w1", NOW, RUNNING, 60, "0", "q"));
        assertEquals(named("Limited", "l1"), limited.get(1), "the paused job was set aside");
        assertEquals(1, redis.llen(scripts.key("bgj:held:Paused")));
        // The second limited job waits (this idle worker is the one to wake when it may go); the cancelled
        // and the expired one are discarded.
        List<?> idle = assertInstanceOf(List.class, scripts.fetch("w2", NOW, RUNNING, 60, "0", "q"));
        assertEquals("", idle.get(0));
        assertEquals(1, redis.llen(scripts.key("bgj:limit:waiting:Limited")));
        assertEquals("1", redis.get(scripts.key("bgj:stat:expired")));
        List<?> state = assertInstanceOf(List.class, scripts.run("limit_state.lua", scripts.keys.forLimitState(), 5));
        assertEquals(1, state.size());
        // Its end frees the slot and lets the waiter go back to its queue.
        assertEquals(1L, scripts.finish("w1", named("Limited", "l1"), "", "{\"status\":4}", 60, "succeeded", 29_000_000));
        assertEquals(List.of(named("Limited", "l2")), redis.lrange(scripts.key("queue:q"), 0, -1));

        assertEquals(1L, scripts.run("resume.lua", scripts.keys.forResume(false, "Paused"), "job", "Paused", 64));
        assertEquals(named("Paused", "h1"), redis.lindex(scripts.key("queue:q"), 0));
        scripts.run("pause.lua", scripts.keys.forPause(true), "q", "alice");
        assertEquals(0L, scripts.run("resume.lua", scripts.keys.forResume(true, "q"), "queue", "q", 64));

        assertEquals("removed", scripts.run("cancel.lua", scripts.keys.forCancel("h1"), "h1", 60, 10_000));
        redis.rpush(scripts.key("bgj:inflight:w3"), named("Limited", "r1"));
        redis.set(scripts.key("worker:w3"), "{\"queue\":\"q\",\"run_at\":\"" + NOW + "\",\"payload\":"
                + named("Limited", "r1") + "}");
        redis.sadd(scripts.key("workers"), "w3");
        assertEquals("running", scripts.run("cancel.lua", scripts.keys.forCancel("r1"), "r1", 60, 10_000));
    }

    @Test
    void batchesDelayedCancelsRecurringJobsFailedRecordsAndPrunesStayInTheNamespacesSlot() {
        String batch = "0123456789abcdef0123456789abcdef";
        String member = "{\"class\":\"A\",\"args\":[],\"id\":\"b0\",\"bgj_batch\":\"" + batch + ":0\"}";
        assertEquals(1L, scripts.batch(64, QUEUED, 60, batch, "cb", job("s1", "cb", ""), scripts.key("job:s1:status"),
                "cb", job("k1", "cb", ""), "", "q", member, scripts.key("job:b0:status")));
        redis.rpush(scripts.key("bgj:inflight:w1"), member);
        assertEquals(1L, scripts.finish("w1", member, scripts.key("job:b0:status"), "{\"status\":4}", 60, "succeeded",
                29_000_000, "", "", "", "", "", "", QUEUED, 64));
        assertEquals(2, redis.llen(scripts.key("queue:cb")), "the completed batch pushed both callbacks");

        long later = redisSeconds() + 3600;
        String delayed = job("d1", "q", "");
        scripts.enqueue(64, QUEUED, QUEUED, 60, 600, 0, "J", "q", delayed, scripts.key("job:d1:status"), later, "d1",
                "", "");
        assertEquals(1L, scripts.run("cancel_delayed.lua", scripts.keys.forCancelDelayed(), "{\"status\":3}", 60, "d1"));

        assertEquals(1L, scripts.run("fire_recurring.lua", scripts.keys.forFireRecurring("nightly", "q",
                scripts.key("job:r1:status")), 64, QUEUED, 60, redisSeconds(), "1", "0", "q", job("r1", "q", "")));

        redis.rpush(scripts.key("failed"), "record 0", "record 1");
        assertEquals(1L, scripts.run("retry_failed.lua", scripts.keys.forRetryFailed("q", null), 64, QUEUED, 60, 0,
                "record 0", "q", job("f1", "q", "")));
        assertEquals(1L, scripts.run("delete_failed.lua", scripts.keys.forDeleteFailed(), 0, "record 1"));

        // A stale foreign worker's job becomes a failure record; a stale one of ours goes back to its queue.
        String stale = Instant.now().minus(Duration.ofHours(1)).toString();
        redis.sadd(scripts.key("workers"), "ruby:1:q", "ours:2-pool-1:q");
        redis.hset(scripts.key("workers:heartbeat"), "ruby:1:q", stale);
        redis.hset(scripts.key("workers:heartbeat"), "ours:2-pool-1:q", stale);
        redis.set(scripts.key("worker:ruby:1:q"), "{\"queue\":\"q\",\"run_at\":\"" + NOW + "\",\"payload\":"
                + job("x1", "q", "") + "}");
        redis.rpush(scripts.key("bgj:inflight:ours:2-pool-1:q"), job("x2", "q", ""));
        redis.set(scripts.key("worker:ours:2-pool-1:q"), "{\"queue\":\"q\",\"run_at\":\"" + NOW + "\",\"payload\":"
                + job("x2", "q", "") + "}");
        List<?> pruned = assertInstanceOf(List.class, scripts.run("prune_workers.lua",
                scripts.keys.forWorkers(List.of("live:3-pool-1:q")), 60, 300, "live:3-pool-1:q"));
        assertEquals(2, ((List<?>) pruned.get(0)).size() / 3);
        assertNotNull(redis.lindex(scripts.key("failed"), -1));
        assertFalse(redis.exists(scripts.key("bgj:inflight:ours:2-pool-1:q")));
    }

    static String job(String id, String queue, String extra) {
        return "{\"class\":\"A\",\"args\":[],\"id\":\"" + id + "\",\"queue\":\"" + queue + "\"" + extra + "}";
    }

    static String named(String jobName, String id) {
        return "{\"class\":\"" + jobName + "\",\"args\":[],\"id\":\"" + id + "\"}";
    }

    long redisSeconds() {
        return Long.parseLong((String) redis.eval("return redis.call('TIME')[1]"));
    }

    static List<String> sorted(Set<String> members) {
        List<String> list = new ArrayList<>(members);
        list.sort(null);
        return list;
    }

    /**
     * Skips with one line on a Redis older than 7 (the embedded 6.2 binary), unless the build demands the
     * Redis tests ({@link RedisBinaries#REQUIRED}, as .ci/run sets it): there it fails.
     */
    private static void requireRedis7(Path binary) throws IOException, InterruptedException {
        int major = majorVersion(binary);
        if (major >= 7) {
            return;
        }
        String problem = binary + " is Redis " + major + ", which does not hold a script to one slot";
        if ("required".equals(System.getenv(RedisBinaries.REQUIRED))) {
            throw new IllegalStateException(RedisBinaries.REQUIRED + "=required but " + problem);
        }
        String reason = problem + " (apt-get install redis-server): ClusterSlotScriptIT skipped";
        // Failsafe shows a skip's reason only in its report files: this is the build output's one line.
        System.out.println(reason);
        Assumptions.abort(reason);
    }

    private static int majorVersion(Path binary) throws IOException, InterruptedException {
        Process version = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes());
        version.waitFor(10, TimeUnit.SECONDS);
        Matcher matcher = Pattern.compile("v=(\\d+)\\.").matcher(text);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static RedisClient awaitNode() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            RedisClient client = RedisClient.create("127.0.0.1", port);
            try {
                client.ping();
                return client;
            } catch (RuntimeException notYet) {
                client.close();
                assertTrue(Instant.now().isBefore(deadline), "the cluster node did not answer: see " + dir);
                Thread.sleep(100);
            }
        }
    }

    private static String clusterInfo(RedisClient admin) {
        Object reply = admin.sendCommand(() -> "CLUSTER".getBytes(), "INFO");
        return reply instanceof byte[] raw ? new String(raw) : String.valueOf(reply);
    }
}
