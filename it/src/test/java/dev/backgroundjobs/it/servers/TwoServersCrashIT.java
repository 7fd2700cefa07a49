package dev.backgroundjobs.it.servers;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.operations.OperationsDeployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Chromium;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real Liberty servers share the build's Redis: the build's server and a copy of it with its own
 * directory, ports and JVM ({@link LibertyServer#copy}), each running the same application (a pool of
 * {@value #WORK_LOOPS} loops on the work queues and one on the recurring job's queue). Started once for
 * the class, in order:
 * <ol>
 * <li>{@value #SPLIT_JOBS} jobs enqueued on the first server run exactly once each, and each server ran at
 * least a fifth of them.</li>
 * <li>The second server is killed with SIGKILL while it runs jobs of a batch of {@value #KILL_JOBS}: the
 * jobs left in its in-flight lists are run by the first server once the dead server's heartbeats are
 * older than the worker timeout ({@value #WORKER_TIMEOUT_SECONDS} s); every job ran, and only jobs that
 * were in flight at the kill ran twice. The killed server is then started again and takes a share of the
 * next batch.</li>
 * <li>A recurring job every second, deployed on both: each second of a {@value #TICK_SECONDS} s window fired
 * exactly once.</li>
 * <li>A unique job enqueued {@value #UNIQUE_CALLS} times at once through both servers, held until the test
 * opens its gate, answers one id to every call and runs once.</li>
 * <li>Each server's admin API lists the workers of both servers, its queues count both servers'
 * listeners, and the dashboard of the first server, in headless Chromium, shows the second server's
 * workers.</li>
 * <li>Neither server removed a worker of a live server (no BGJ0055W but for the killed life's workers, no
 * BGJ0058W in their logs): a starting server's heartbeats begin before its loops take jobs. Three work
 * loops and one recurring loop a server, with the cancel watch and the housekeeper, are one task more
 * than the 5 threads Liberty's shared pool had when the application started on the 2-core machines here:
 * a housekeeper queued last waited there until a peer removed its loops.</li>
 * </ol>
 * Runs in the failsafe "crash" execution: it starts, kills and stops both servers itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoServersCrashIT {

    static final String APP = "servers";
    static final String NS = RunLedger.NS;
    static final int WORK_LOOPS = 3;
    static final int TICK_LOOPS = 1;
    static final int LOOPS = WORK_LOOPS + TICK_LOOPS;
    static final int WORKER_TIMEOUT_SECONDS = 5;
    static final int SPLIT_JOBS = 2_000;
    static final int KILL_JOBS = 1_500;
    static final int REJOIN_JOBS = 600;
    static final int TICK_SECONDS = 10;
    static final int UNIQUE_CALLS = 60;
    static final long UNIQUE_USER = 42;
    static final Duration PATIENCE = Duration.ofMinutes(2);
    /** Long enough for a second run of any job to show: many fetches of every loop of both servers. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    RedisClient redis;
    ServerUnderTest first;
    ServerUnderTest second;
    Path secondLogs;
    /** The life of the second server that was killed, once it was: the only one whose workers may be pruned. */
    String killedLife;

    static final String DEFAULT_POOL_OVERRIDE = "zz-default-thread-pool.xml";
    static final String DEFAULT_POOL = "<server>\n  <executor coreThreads=\"-1\"/>\n</server>\n";

    @BeforeAll
    void startBothServers() throws Exception {
        redis = TestRedis.connect();
        redis.keys(NS + ":*").forEach(redis::del);
        LibertyServer build = LibertyServer.build();
        LibertyServer copy = build.copy(build.name() + "-second");
        secondLogs = build.wlp.getParent().getParent().resolve("two-servers").resolve(copy.name() + "-logs");
        first = new ServerUnderTest(build, APP);
        second = new ServerUnderTest(copy, APP);
        // Liberty's own thread pool as it starts by default (server.xml gives the tests 48 threads), so a
        // housekeeper submitted behind the loops would wait for a thread as it did before it went first.
        build.override(DEFAULT_POOL_OVERRIDE, DEFAULT_POOL);
        copy.override(DEFAULT_POOL_OVERRIDE, DEFAULT_POOL);
        build.deploy(deployment());
        copy.deploy(deployment());
        ExecutorService starting = Executors.newFixedThreadPool(2);
        try {
            List<Future<Object>> started = starting.invokeAll(List.of(() -> {
                first.start();
                return null;
            }, () -> {
                second.start();
                return null;
            }));
            for (Future<Object> start : started) {
                start.get();
            }
        } finally {
            starting.shutdownNow();
        }
        first.awaitReady(PATIENCE);
        second.awaitReady(PATIENCE);
        awaitRegistered(first);
        awaitRegistered(second);
    }

    @AfterAll
    void stopBothServers() throws Exception {
        try {
            if (second != null) {
                second.stopIfRunning();
            }
            if (first != null) {
                first.stopIfRunning();
                first.server.undeploy(APP);
                first.server.removeOverride(DEFAULT_POOL_OVERRIDE);
            }
            if (second != null) {
                second.server.keepLogs(secondLogs);
                second.server.delete();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
        // The build checks the W and E lines of its own server's log; the copy's are checked here, the same way.
        Path liberty = Path.of(System.getProperty("basedir"), "src", "test", "liberty");
        assertEquals(0, LibertyServer.run(30, "bash", liberty.resolve("check-messages.sh").toString(), secondLogs.toString(),
                liberty.resolve("allowed-messages.txt").toString()), "W/E lines of the second server (kept in " + secondLogs + ")");
    }

    @Test
    @Order(1)
    void jobsEnqueuedOnOneServerRunOnceEachWithBothServersRunningARealShare() throws Exception {
        long start = System.nanoTime();
        assertEquals(Integer.toString(SPLIT_JOBS), first.post("enqueue?batch=split&count=" + SPLIT_JOBS + "&millis=10"));
        Await.until("all " + SPLIT_JOBS + " jobs ran", PATIENCE, () -> redis.hlen(RunLedger.runs("split")) == SPLIT_JOBS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(SETTLE.toMillis());

        Map<String, String> runs = redis.hgetAll(RunLedger.runs("split"));
        Map<String, Long> byLife = runners("split");
        long onFirst = byLife.getOrDefault(first.life(), 0L);
        long onSecond = byLife.getOrDefault(second.life(), 0L);
        System.out.printf(Locale.ROOT, "two servers, split: %d jobs of 10 ms enqueued on %s ran in %d ms: %d (%.1f%%) on %s,"
                        + " %d (%.1f%%) on %s, %d ran more than once%n", SPLIT_JOBS, first.server.name(), millis, onFirst,
                100.0 * onFirst / SPLIT_JOBS, first.life(), onSecond, 100.0 * onSecond / SPLIT_JOBS, second.life(),
                runs.values().stream().filter(count -> !count.equals("1")).count());
        assertEquals(SPLIT_JOBS, runs.size());
        runs.forEach((number, count) -> assertEquals("1", count, "job " + number + " ran " + count + " times"));
        assertEquals(Map.of(first.life(), onFirst, second.life(), onSecond), byLife, "only the two servers ran jobs");
        assertTrue(onFirst >= SPLIT_JOBS / 5, "the first server's share: " + onFirst);
        assertTrue(onSecond >= SPLIT_JOBS / 5, "the second server's share: " + onSecond);
        assertEquals(0, redis.llen(NS + ":queue:" + CountedJob.QUEUE));
    }

    @Test
    @Order(2)
    void aKilledServersInFlightJobsRunOnTheOtherAfterTheWorkerTimeoutAndOnlyTheyRunTwice() throws Exception {
        String batch = "kill";
        String survivor = first.life();
        String victim = second.life();
        Set<String> deadWorkers;
        Set<Long> inFlightAtKill;
        long killedAt;
        long lastBeat;
        try {
            assertEquals(Integer.toString(KILL_JOBS), first.post("enqueue?batch=" + batch + "&count=" + KILL_JOBS + "&millis=20"));
            Set<Long> runningBefore = new TreeSet<>();
            Await.until("a fifth of the batch ran and the second server runs jobs of it", PATIENCE, () -> {
                runningBefore.clear();
                runningBefore.addAll(running(second, batch));
                return redis.hlen(RunLedger.runs(batch)) >= KILL_JOBS / 5 && !runningBefore.isEmpty();
            });
            long ranBefore = redis.hlen(RunLedger.runs(batch));

            second.kill9();
            killedAt = redisMillis();
            killedLife = victim;
            // A dead server's records stay until a peer prunes them (after the worker timeout): read them now.
            deadWorkers = redis.smembers(NS + ":workers").stream().filter(second::owns).collect(Collectors.toSet());
            inFlightAtKill = new TreeSet<>();
            for (String worker : deadWorkers) {
                for (String payload : redis.lrange(NS + ":bgj:inflight:" + worker, 0, -1)) {
                    numberOf(payload, batch).ifPresent(inFlightAtKill::add);
                }
            }
            lastBeat = deadWorkers.stream().map(worker -> redis.hget(NS + ":workers:heartbeat", worker))
                    .mapToLong(TwoServersCrashIT::epochSecond).max().orElseThrow();
            long recordedByVictim = runners(batch).getOrDefault(victim, 0L);
            System.out.printf(Locale.ROOT, "two servers, kill: %s ran jobs %s just before the kill (%d of %d done); killed"
                            + " with %d workers registered, jobs %s in their in-flight lists, its runs so far %d%n",
                    victim, runningBefore, ranBefore, KILL_JOBS, deadWorkers.size(), inFlightAtKill, recordedByVictim);
            assertEquals(LOOPS, deadWorkers.size(), "the killed server's workers: " + deadWorkers);
            assertFalse(inFlightAtKill.isEmpty(), "the killed server had jobs in flight");
            assertTrue(inFlightAtKill.size() <= WORK_LOOPS, "one job at most per loop: " + inFlightAtKill);

            Await.until("every job of the batch ran", PATIENCE, () -> redis.hlen(RunLedger.runs(batch)) == KILL_JOBS);
            Await.until("the killed server's in-flight jobs ran on the survivor", PATIENCE, () -> inFlightAtKill.stream()
                    .allMatch(number -> lastRunOf(batch, number).startsWith(survivor + " ")));
            Await.until("the survivor removed the dead workers", PATIENCE, () -> deadWorkers.stream().noneMatch(worker ->
                    redis.sismember(NS + ":workers", worker) || redis.exists(NS + ":bgj:inflight:" + worker)));
        } finally {
            // The rest of the class needs both servers, whatever happened above.
            if (!second.isRunning()) {
                second.start();
                second.awaitReady(PATIENCE);
            }
        }
        Thread.sleep(SETTLE.toMillis());

        Map<String, String> runs = redis.hgetAll(RunLedger.runs(batch));
        Map<Long, Integer> twice = new TreeMap<>();
        runs.forEach((number, count) -> {
            if (!count.equals("1")) {
                twice.put(Long.parseLong(number), Integer.parseInt(count));
            }
        });
        long recoveredAt = inFlightAtKill.stream().mapToLong(number -> lastRunMillis(batch, number)).min().orElseThrow();
        Map<String, Long> byLife = runners(batch);
        System.out.printf(Locale.ROOT, "two servers, kill: all %d jobs ran (runs by life %s); the %d in flight at the kill"
                        + " ran on the survivor from %d ms after the kill (%d ms after the dead server's last heartbeat,"
                        + " worker timeout %d s); ran twice: %s; %s started again as %s%n", runs.size(), byLife,
                inFlightAtKill.size(), recoveredAt - killedAt, recoveredAt - lastBeat * 1000, WORKER_TIMEOUT_SECONDS,
                twice, second.server.name(), second.life());
        assertEquals(KILL_JOBS, runs.size());
        assertTrue(inFlightAtKill.containsAll(twice.keySet()), "only jobs in flight at the kill ran twice: " + twice
                + ", in flight " + inFlightAtKill);
        assertTrue(twice.values().stream().allMatch(count -> count == 2), "none more than twice: " + twice);
        assertTrue(recoveredAt - lastBeat * 1000 > WORKER_TIMEOUT_SECONDS * 1000L,
                "recovered only once the dead server's heartbeat was older than the worker timeout");
        assertTrue(recoveredAt - killedAt < (WORKER_TIMEOUT_SECONDS + 10) * 1000L, "recovered within the worker timeout"
                + " and a few heartbeats: " + (recoveredAt - killedAt) + " ms");
        assertEquals(0, redis.llen(NS + ":queue:" + CountedJob.QUEUE));

        // Started again, the killed server takes its share of new work.
        awaitRegistered(second);
        assertEquals(Integer.toString(REJOIN_JOBS), second.post("enqueue?batch=rejoin&count=" + REJOIN_JOBS + "&millis=10"));
        Await.until("all jobs after the restart ran", PATIENCE, () -> redis.hlen(RunLedger.runs("rejoin")) == REJOIN_JOBS);
        Thread.sleep(SETTLE.toMillis());
        Map<String, Long> rejoined = runners("rejoin");
        System.out.printf(Locale.ROOT, "two servers, after the restart: %d jobs, runs by life %s%n", REJOIN_JOBS, rejoined);
        assertTrue(redis.hvals(RunLedger.runs("rejoin")).stream().allMatch("1"::equals), "each once");
        assertTrue(rejoined.getOrDefault(second.life(), 0L) >= REJOIN_JOBS / 10, "the restarted server's share: " + rejoined);
        assertEquals(REJOIN_JOBS, rejoined.getOrDefault(first.life(), 0L) + rejoined.getOrDefault(second.life(), 0L));
    }

    @Test
    @Order(3)
    void aRecurringJobOnBothServersFiresEachSecondExactlyOnce() throws Exception {
        long from = redisMillis() / 1000 + 1;
        long to = from + TICK_SECONDS - 1;
        String runsKey = RunLedger.runs(EverySecondJob.BATCH);
        Await.until("the window's last second fired and ran", Duration.ofSeconds(TICK_SECONDS + 30),
                () -> redis.hexists(runsKey, Long.toString(to)));
        Thread.sleep(SETTLE.toMillis());

        Map<Long, Integer> fired = new TreeMap<>();
        Map<String, Integer> ranOn = new TreeMap<>();
        for (long time = from; time <= to; time++) {
            String count = redis.hget(runsKey, Long.toString(time));
            fired.put(time - from, count == null ? 0 : Integer.parseInt(count));
            if (count != null) {
                ranOn.merge(lastRunOf(EverySecondJob.BATCH, time).split(" ")[0], 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "two servers, recurring every second: runs per fire time over %d s %s; run on %s%n",
                TICK_SECONDS, fired.values(), ranOn);
        fired.forEach((offset, count) -> assertEquals(1, count, "runs of the fire time " + (from + offset)
                + " (second " + offset + " of the window): " + fired));
    }

    @Test
    @Order(4)
    void aUniqueJobEnqueuedAtOnceOnBothServersRunsOnceAndEveryCallAnswersItsId() throws Exception {
        String user = Long.toString(UNIQUE_USER);
        ExecutorService callers = Executors.newFixedThreadPool(16);
        Map<String, Set<String>> idsByServer = new TreeMap<>();
        try {
            List<Callable<String[]>> calls = new ArrayList<>();
            for (int i = 0; i < UNIQUE_CALLS; i++) {
                ServerUnderTest server = i % 2 == 0 ? first : second;
                calls.add(() -> new String[] {server.server.name(), server.post("unique?user=" + user)});
            }
            for (Future<String[]> answer : callers.invokeAll(calls)) {
                String[] call = answer.get();
                idsByServer.computeIfAbsent(call[0], name -> new HashSet<>()).add(call[1]);
            }
            // Held: it started once and waits for the gate, so every call above met its key.
            Await.until("the unique job started", Duration.ofSeconds(30),
                    () -> redis.hexists(RunLedger.runs(HeldUniqueJob.STARTED), user));
        } finally {
            callers.shutdownNow();
            redis.set(RunLedger.gate(HeldUniqueJob.BATCH), "open");
        }
        Await.until("the unique job ran", Duration.ofSeconds(30), () -> redis.hexists(RunLedger.runs(HeldUniqueJob.BATCH), user));
        Thread.sleep(SETTLE.toMillis());

        Set<String> ids = idsByServer.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        System.out.printf(Locale.ROOT, "two servers, unique: %d calls at once, ids answered by server %s; started %s, ran %s times, on %s%n",
                UNIQUE_CALLS, idsByServer, redis.hget(RunLedger.runs(HeldUniqueJob.STARTED), user),
                redis.hget(RunLedger.runs(HeldUniqueJob.BATCH), user), lastRunOf(HeldUniqueJob.BATCH, UNIQUE_USER));
        assertEquals(Set.of(first.server.name(), second.server.name()), idsByServer.keySet());
        assertEquals(1, ids.size(), "every enqueue answered with the one held job's id: " + idsByServer);
        assertTrue(ids.iterator().next().matches("[0-9a-f]{32}"), "a job id: " + ids);
        assertEquals("1", redis.hget(RunLedger.runs(HeldUniqueJob.STARTED), user), "started once");
        assertEquals("1", redis.hget(RunLedger.runs(HeldUniqueJob.BATCH), user), "ran once");
        assertTrue(redis.keys(NS + ":bgj:unique:*").isEmpty(), "the key is free once the job finished");
    }

    @Test
    @Order(5)
    void eachServersAdminApiListsTheWorkersOfBothAndTheSameTotals() throws Exception {
        long processedBefore = first.overview().getJsonNumber("processed").longValue();
        for (ServerUnderTest server : List.of(first, second)) {
            List<String> listed = server.listedWorkers();
            JsonObject overview = server.overview();
            Map<String, Integer> listeners = new TreeMap<>();
            ((JsonArray) server.admin("queues")).stream().map(JsonValue::asJsonObject)
                    .forEach(queue -> listeners.put(queue.getString("name"), queue.getInt("workers")));
            System.out.printf(Locale.ROOT, "two servers, admin API of %s: %d workers (%d of %s, %d of %s), overview %s,"
                            + " listeners by queue %s%n", server.server.name(), listed.size(), listed.stream().filter(first::owns).count(),
                    first.life(), listed.stream().filter(second::owns).count(), second.life(), overview, listeners);
            assertEquals(LOOPS, listed.stream().filter(first::owns).count(), server.server.name() + " lists " + listed);
            assertEquals(LOOPS, listed.stream().filter(second::owns).count(), server.server.name() + " lists " + listed);
            assertEquals(2 * LOOPS, listed.size(), "no other worker, the killed life's pruned: " + listed);
            assertEquals(2 * LOOPS, overview.getInt("workers"));
            assertTrue(overview.getJsonNumber("processed").longValue() >= SPLIT_JOBS + KILL_JOBS + REJOIN_JOBS,
                    "every job's run is counted: " + overview);
            assertTrue(overview.getJsonNumber("processed").longValue() >= processedBefore, "one Redis: " + overview);
            assertEquals(Map.of(CountedJob.QUEUE, 2 * WORK_LOOPS, HeldUniqueJob.QUEUE, 2 * WORK_LOOPS,
                    EverySecondJob.QUEUE, 2 * TICK_LOOPS), listeners, "live listeners on both servers");
        }
    }

    @Test
    @Order(6)
    void theFirstServersDashboardShowsTheSecondServersWorkers() throws Exception {
        ChromeDriver browser = Chromium.open(1366, 1000);
        try {
            Chromium.authorize(browser, Http11.ADMIN);
            browser.get(first.dashboard().toString());
            Set<String> expected = new TreeSet<>(first.listedWorkers());
            List<String> ofSecond = expected.stream().filter(second::owns).toList();
            assertEquals(LOOPS, ofSecond.size(), expected.toString());
            Set<String> shown = new TreeSet<>();
            Await.until("the workers panel lists the workers of both servers", Duration.ofSeconds(30), () -> {
                shown.clear();
                shown.addAll(workerRows(browser).keySet());
                return shown.equals(expected);
            });
            Map<String, String> rows = workerRows(browser);
            for (String worker : ofSecond) {
                assertTrue(rows.get(worker).contains(second.server.name()) && rows.get(worker).contains("pid " + second.pid()),
                        "the row of " + worker + " names the second server and its pid: " + rows.get(worker));
            }
            Await.until("the worker count shows both servers' loops", Duration.ofSeconds(30),
                    () -> browser.findElement(By.id("count-workers")).getText().strip().equals(Integer.toString(2 * LOOPS)));
            Path screenshot = Chromium.screenshot(browser, "two-servers-dashboard.png");
            System.out.printf(Locale.ROOT, "two servers, dashboard of %s lists %d workers, %d of %s; screenshot %s%n",
                    first.server.name(), shown.size(), ofSecond.size(), second.server.name(), screenshot);
            assertTrue(Files.size(screenshot) > 10_000, "a real screenshot: " + Files.size(screenshot) + " bytes");
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(7)
    void noServerRemovedAWorkerOfALiveServer() throws Exception {
        // Live workers removed by a peer (heartbeats late past the worker timeout) would run their jobs twice.
        List<String> removed = new ArrayList<>();
        List<String> registeredAgain = new ArrayList<>();
        List<String> lines = new ArrayList<>(messages(first.server, false));
        lines.addAll(messages(second.server, true));
        for (String line : lines) {
            if (line.contains("BGJ0055W: worker ") && (killedLife == null || !line.contains(workerPrefix(killedLife)))) {
                removed.add(line);
            }
            if (line.contains("BGJ0058W: ")) {
                registeredAgain.add(line);
            }
        }
        System.out.printf(Locale.ROOT, "two servers, removed workers of live servers: %d, registered again: %d%n",
                removed.size(), registeredAgain.size());
        assertEquals(List.of(), removed, "workers of live servers removed by a peer");
        assertEquals(List.of(), registeredAgain, "live workers that had been removed by a peer");
    }

    /** The host and pid field start of the worker ids of a server life {@code name@pid} of the application. */
    private static String workerPrefix(String life) {
        int at = life.indexOf('@');
        return "." + life.substring(0, at) + "." + APP + ":" + life.substring(at + 1) + "-";
    }

    /**
     * The lines of the server's messages.log, and with {@code earlierLives} those of the logs Liberty rotated
     * away at each start (the copy's earlier life; the build's server's are of the tests before this one).
     */
    private static List<String> messages(LibertyServer server, boolean earlierLives) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(server.dir.resolve("logs"))) {
            for (Path file : files.filter(f -> earlierLives ? f.getFileName().toString().startsWith("messages")
                    : f.getFileName().toString().equals("messages.log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    /** The workers panel's rows: worker id (its data-worker) -> the row's text, read in one script as the panel is redrawn. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> workerRows(ChromeDriver browser) {
        try {
            return (Map<String, String>) browser.executeScript("""
                    const rows = {};
                    for (const row of document.querySelectorAll('#workers-table tr[data-worker]')) {
                      rows[row.getAttribute('data-worker')] = row.textContent;
                    }
                    return rows;""");
        } catch (WebDriverException notYet) {
            return Map.of();
        }
    }

    /** The numbers of the jobs of {@code batch} that workers of the server's current life run now (their worker:ID records). */
    private List<Long> running(ServerUnderTest server, String batch) {
        List<Long> numbers = new ArrayList<>();
        for (String worker : redis.smembers(NS + ":workers")) {
            if (server.owns(worker)) {
                String current = redis.get(NS + ":worker:" + worker);
                if (current != null) {
                    JsonObject record = Json.createReader(new StringReader(current)).readObject();
                    numberOf(record.getJsonObject("payload").toString(), batch).ifPresent(numbers::add);
                }
            }
        }
        return numbers;
    }

    /** The number of a CountedJob of {@code batch} in this payload (args: batch, number, millis). */
    private static Optional<Long> numberOf(String payload, String batch) {
        JsonObject job = Json.createReader(new StringReader(payload)).readObject();
        JsonArray args = job.getJsonArray("args");
        if (!"CountedJob".equals(job.getString("class")) || !batch.equals(args.getString(0))) {
            return Optional.empty();
        }
        return Optional.of(args.getJsonNumber(1).longValue());
    }

    /** Runs of {@code batch} by server life. */
    private Map<String, Long> runners(String batch) {
        Map<String, Long> byLife = new HashMap<>();
        redis.hgetAll(RunLedger.runners(batch)).forEach((life, count) -> byLife.put(life, Long.parseLong(count)));
        return byLife;
    }

    /** "life epochMillis" of the last run of job {@code number} of {@code batch}, or "" before its first. */
    private String lastRunOf(String batch, long number) {
        String last = redis.hget(RunLedger.lastRun(batch), Long.toString(number));
        return last == null ? "" : last;
    }

    private long lastRunMillis(String batch, long number) {
        return Long.parseLong(lastRunOf(batch, number).split(" ")[1]);
    }

    private long redisMillis() {
        List<?> time = (List<?>) redis.eval("return redis.call('TIME')");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    /** Our heartbeats are ISO-8601 in UTC. */
    private static long epochSecond(String heartbeat) {
        return Instant.parse(heartbeat).getEpochSecond();
    }

    /** Waits until all loops of the server's current life are registered, so that each takes its share from the start. */
    private void awaitRegistered(ServerUnderTest server) throws Exception {
        Await.until("the workers of " + server.life() + " are registered", PATIENCE,
                () -> redis.smembers(NS + ":workers").stream().filter(server::owns).count() == LOOPS);
    }

    private static WebArchive deployment() {
        return Deployments.webArchive(APP)
                .addClasses(CountedJob.class, EverySecondJob.class, HeldUniqueJob.class, RunLedger.class,
                        ServersResource.class, ServersResource.ServersApplication.class, TestRedis.class)
                .addAsWebInfResource(new StringAsset(OperationsDeployments.WEB_XML), "web.xml")
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.admin.enabled=true",
                        "background-jobs.pools=work,ticks",
                        "background-jobs.pool.work.queues=" + CountedJob.QUEUE + "," + HeldUniqueJob.QUEUE,
                        "background-jobs.pool.work.concurrency=" + WORK_LOOPS,
                        "background-jobs.pool.ticks.queues=" + EverySecondJob.QUEUE,
                        "background-jobs.pool.ticks.concurrency=" + TICK_LOOPS,
                        "background-jobs.poll-interval=1s",
                        "background-jobs.heartbeat-interval=1s",
                        "background-jobs.worker-timeout=" + WORKER_TIMEOUT_SECONDS + "s")),
                        "META-INF/microprofile-config.properties");
    }
}
