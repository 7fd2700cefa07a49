package dev.backgroundjobs.it.limits;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Http;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.TestRedis;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real Liberty servers (the build's and a copy, {@link LibertyServer#copy}) share the build's Redis
 * and one application with a rate limit of 50 starts per second on {@link RateJob} and a concurrency limit
 * of 3 on {@link SlotJob}. Rate: 800 jobs, so the backlog lasts past the measured window; in a 10 s
 * window of the jobs' own start times (Redis's clock), 500 ± 10 started, across both servers; and the
 * limit's own record of when it admitted each start, read every 20 ms while it lasts a second, shows
 * (nearly) all 800 and at most 50 in any second of the run. (The jobs' own records cannot show that: a job records
 * its start some milliseconds after its admission, up to hundreds on a busy machine.)
 * Concurrency: a sampler reads the set of running jobs every few milliseconds while 60 jobs of 400 ms
 * run; a server that runs some is killed with SIGKILL. The survivor never sees a 4th run,
 * and once the dead server's leases lapse (worker timeout 5 s) it runs 3 at once again; every job
 * completes exactly once, and no lease is left. Runs in the failsafe "crash" execution (it starts, kills
 * and stops the servers itself).
 */
class LimitsTwoServersCrashIT {

    static final String APP = "limits";
    static final int RATE = 50;
    static final int RATE_JOBS = 800;
    static final long WINDOW_MILLIS = 10_000;
    static final int SLOT_JOBS = 60;
    static final int SLOTS = 3;
    static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void rateAndConcurrencyLimitsHoldAcrossTwoServersAndAKilledServersSlotsReturn() throws Exception {
        LibertyServer first = LibertyServer.build();
        LibertyServer second = first.copy(first.name() + "-limits2");
        Path secondLogs = first.wlp.getParent().getParent().resolve("limits-two-servers").resolve(second.name() + "-logs");
        try (RedisClient redis = TestRedis.connect()) {
            redis.keys("it-limits:*").forEach(redis::del);
            first.deploy(deployment());
            second.deploy(deployment());
            boolean firstRunning = false;
            boolean secondRunning = false;
            try {
                first.start();
                firstRunning = true;
                second.start();
                secondRunning = true;
                long firstPid = Long.parseLong(awaitReady(first));
                long secondPid = Long.parseLong(awaitReady(second));

                rateLimit(redis, first, firstPid, secondPid);

                AtomicBoolean killed = new AtomicBoolean();
                Sampler sampler = new Sampler(killed);
                Thread sampling = new Thread(sampler, "running-sampler");
                sampling.start();
                try {
                    assertEquals(Integer.toString(SLOT_JOBS), post(first, "slots?count=" + SLOT_JOBS + "&millis=400"));
                    // A worker whose run ends takes the job its freed slot lets go in the same call, so the
                    // servers that took the first slots may keep them: the one killed is one that holds some.
                    String[] holder = new String[1];
                    Await.until("a server runs limited jobs", PATIENCE, () -> {
                        holder[0] = redis.smembers(SlotJob.RUNNING).stream().findFirst().orElse(null);
                        return holder[0] != null && redis.hlen(SlotJob.DONE) >= 3;
                    });
                    long deadPid = Long.parseLong(holder[0].substring(0, holder[0].indexOf(':')));
                    boolean secondDies = deadPid == secondPid;
                    sampler.deadPrefix = deadPid + ":";
                    (secondDies ? second : first).kill9();
                    killed.set(true);
                    if (secondDies) {
                        secondRunning = false;
                    } else {
                        firstRunning = false;
                    }
                    long killedAt = System.nanoTime();
                    Set<String> leftByTheDead = Set.copyOf(redis.smembers(SlotJob.RUNNING).stream()
                            .filter(member -> member.startsWith(deadPid + ":")).toList());
                    Await.until("all limited jobs completed", PATIENCE, () -> redis.hlen(SlotJob.DONE) == SLOT_JOBS);
                    sampler.stop();
                    sampling.join();

                    Map<String, String> done = redis.hgetAll(SlotJob.DONE);
                    Map<String, String> starts = redis.hgetAll(SlotJob.STARTS);
                    long twice = starts.values().stream().filter(count -> Integer.parseInt(count) > 1).count();
                    System.out.printf(Locale.ROOT, "concurrency limit %d: %d samples, at most %d running; the killed server"
                                    + " (%s) held %d slot(s); the survivor ran %d at once %d ms after the kill; %d jobs started twice%n",
                            SLOTS, sampler.samples.get(), sampler.most.get(), secondDies ? "the copy" : "the build's",
                            leftByTheDead.size(), SLOTS,
                            sampler.fullAgainAfterKill(killedAt), twice);
                    assertTrue(sampler.samples.get() > 100, "samples: " + sampler.samples.get());
                    assertEquals(SLOTS, sampler.most.get(), "most jobs running at once, in any sample");
                    assertTrue(leftByTheDead.size() >= 1, "the killed server held a slot");
                    assertEquals(SLOTS, sampler.mostAfterKill.get(), "the survivor got the dead server's slots back");
                    assertEquals(SLOT_JOBS, done.size());
                    assertTrue(done.values().stream().allMatch("1"::equals), "each job completed once: " + done);
                    // A job it had taken but not yet marked running starts again too; it held at most SLOTS.
                    assertTrue(twice >= leftByTheDead.size() && twice <= SLOTS, "jobs that started twice: " + twice);
                    Await.until("no lease is left", Duration.ofSeconds(10),
                            () -> redis.zcard("it-limits:bgj:limit:leases:SlotJob") == 0);
                    assertEquals(0, redis.llen("it-limits:bgj:limit:waiting:SlotJob"));
                } finally {
                    sampler.stop();
                    sampling.join();
                }
            } finally {
                if (secondRunning) {
                    second.stop();
                }
                if (firstRunning) {
                    first.stop();
                }
                first.undeploy(APP);
                second.keepLogs(secondLogs);
                second.delete();
            }
        }
    }

    private void rateLimit(RedisClient redis, LibertyServer first, long firstPid, long secondPid) throws Exception {
        AdmissionLog admissions = new AdmissionLog();
        Thread logging = new Thread(admissions, "admission-log");
        logging.start();
        try {
            assertEquals(Integer.toString(RATE_JOBS), post(first, "rate?count=" + RATE_JOBS));
            Await.until("all rate-limited jobs started", PATIENCE, () -> redis.zcard(RateJob.STARTS) == RATE_JOBS);
        } finally {
            admissions.stopped.set(true);
            logging.join();
        }
        // The limit's own record of its admissions (Redis time when fetch.lua let each start), each kept
        // for a second, read every 20 ms: no second, anywhere in the run, admitted more than 50.
        List<Long> admitted = admissions.times().stream().sorted().toList();
        int mostAdmittedInASecond = 0;
        for (int i = 0, j = 0; i < admitted.size(); i++) {
            while (admitted.get(i) - admitted.get(j) >= 1000) {
                j++;
            }
            mostAdmittedInASecond = Math.max(mostAdmittedInASecond, i - j + 1);
        }
        System.out.printf(Locale.ROOT, "rate limit %d/1s: %d admissions seen (read every %d ms), at most %d in any second%n",
                RATE, admitted.size(), AdmissionLog.EVERY_MILLIS, mostAdmittedInASecond);
        // On a loaded machine the reader may sleep past an entry's second now and then: nearly all are enough
        // to find a second with more than 50, which the full count of starts above would not show.
        assertTrue(admitted.size() >= RATE_JOBS * 97 / 100, "admissions seen: " + admitted.size());
        assertEquals(RATE, mostAdmittedInASecond, "admissions in any second");
        List<Long> starts = redis.zrangeWithScores(RateJob.STARTS, 0, -1).stream().map(Tuple::getScore)
                .map(Double::longValue).toList();
        long begin = starts.get(0) + 3_000;
        long inWindow = starts.stream().filter(start -> start >= begin && start < begin + WINDOW_MILLIS).count();
        long steady = starts.get(0) + 2_000;
        int mostIn950 = 0;
        int mostIn950Steady = 0;
        long mostAt = 0;
        for (int i = 0, j = 0; i < starts.size(); i++) {
            while (starts.get(i) - starts.get(j) >= 950) {
                j++;
            }
            if (i - j + 1 > mostIn950) {
                mostIn950 = i - j + 1;
                mostAt = starts.get(j) - starts.get(0);
            }
            if (starts.get(j) >= steady) {
                mostIn950Steady = Math.max(mostIn950Steady, i - j + 1);
            }
        }
        Map<String, String> byServer = redis.hgetAll(RateJob.BY_SERVER);
        System.out.printf(Locale.ROOT, "rate limit %d/1s: %d starts in the 10 s window from 3 s after the first;"
                        + " by the jobs' own records at most %d in any 950 ms from 2 s after the first, %d in any 950 ms"
                        + " (from %d ms after the first); all %d took %d ms; by server %s%n", RATE, inWindow, mostIn950Steady,
                mostIn950, mostAt, RATE_JOBS, starts.get(starts.size() - 1) - starts.get(0), byServer);
        assertTrue(starts.get(starts.size() - 1) >= begin + WINDOW_MILLIS, "the backlog lasted past the window");
        assertTrue(Math.abs(inWindow - RATE * WINDOW_MILLIS / 1000) <= 10, "starts in the window: " + inWindow);
        assertTrue(Long.parseLong(byServer.getOrDefault(Long.toString(firstPid), "0")) > 0, "the first server started some");
        assertTrue(Long.parseLong(byServer.getOrDefault(Long.toString(secondPid), "0")) > 0, "the second server started some");
    }

    /**
     * Reads the rate limit's window (its admissions of the last second, kept by fetch.lua) every
     * {@value #EVERY_MILLIS} ms, collecting each admission once with its Redis time.
     */
    static final class AdmissionLog implements Runnable {

        static final long EVERY_MILLIS = 20;
        static final String WINDOW = "it-limits:bgj:limit:window:RateJob";
        final AtomicBoolean stopped = new AtomicBoolean();
        private final Map<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void run() {
            try (RedisClient redis = TestRedis.connect()) {
                while (!stopped.get()) {
                    for (Tuple admission : redis.zrangeWithScores(WINDOW, 0, -1)) {
                        seen.putIfAbsent(admission.getElement(), (long) admission.getScore());
                    }
                    Thread.sleep(EVERY_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<Long> times() {
            return List.copyOf(seen.values());
        }
    }

    /** Reads the running set every few milliseconds; after the kill, without the dead server's entries. */
    static final class Sampler implements Runnable {

        /** The process id and colon of the server to be killed, set before the kill. */
        volatile String deadPrefix = "";
        final AtomicBoolean killed;
        final AtomicBoolean stopped = new AtomicBoolean();
        final AtomicInteger samples = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger mostAfterKill = new AtomicInteger();
        volatile long fullAgainAt;

        Sampler(AtomicBoolean killed) {
            this.killed = killed;
        }

        @Override
        public void run() {
            try (RedisClient redis = TestRedis.connect()) {
                while (!stopped.get()) {
                    boolean afterKill = killed.get();
                    Set<String> running = redis.smembers(SlotJob.RUNNING);
                    int count = afterKill ? (int) running.stream().filter(member -> !member.startsWith(deadPrefix)).count()
                            : running.size();
                    samples.incrementAndGet();
                    most.accumulateAndGet(count, Math::max);
                    if (afterKill) {
                        if (count == SLOTS && fullAgainAt == 0) {
                            fullAgainAt = System.nanoTime();
                        }
                        mostAfterKill.accumulateAndGet(count, Math::max);
                    }
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            stopped.set(true);
        }

        long fullAgainAfterKill(long killedAt) {
            return fullAgainAt == 0 ? -1 : (fullAgainAt - killedAt) / 1_000_000;
        }
    }

    private static WebArchive deployment() {
        return Deployments.webArchive(APP)
                .addClasses(RateJob.class, SlotJob.class, LimitsResource.class, LimitsResource.LimitsApplication.class,
                        TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-limits",
                        "background-jobs.pool.default.queues=limits-rate,limits-slots",
                        "background-jobs.pool.default.concurrency=4",
                        "background-jobs.poll-interval=2s",
                        "background-jobs.heartbeat-interval=1s",
                        "background-jobs.worker-timeout=5s",
                        "background-jobs.job.RateJob.rate-limit=" + RATE + "/1s",
                        "background-jobs.job.SlotJob.concurrency-limit=" + SLOTS)), "META-INF/microprofile-config.properties");
    }

    private static String awaitReady(LibertyServer server) throws Exception {
        String[] pid = new String[1];
        Await.until("the application answers on " + server.name(), PATIENCE, () -> {
            try {
                HttpResponse<String> response = Http.get(endpoint(server, "pid"));
                pid[0] = response.body();
                return response.statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return pid[0].trim();
    }

    private static String post(LibertyServer server, String path) throws Exception {
        HttpResponse<String> response = Http.post(endpoint(server, path));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static URI endpoint(LibertyServer server, String path) {
        return URI.create("http://localhost:" + server.httpPort + "/" + APP + "/rest/limits/" + path);
    }
}
