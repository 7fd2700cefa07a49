package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobState;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.config.PoolConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.KeyValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The queues in Redis: sending jobs (due now or delayed), a worker's fetch and the end of its run
 * (acknowledge, record, retry), and the wake lists idle workers wait on. Every multi-key change is one
 * Lua script call, so it is atomic and costs one round trip; a busy worker's end and next fetch share
 * one. Redis failures surface as Jedis exceptions.
 */
@ApplicationScoped
public class QueueStore {

    /** Enough tokens to wake every idle worker of a queue on a typical cluster, few enough to cost nothing. */
    static final int MAX_WAKE_TOKENS = 64;

    private static final LuaScript ENQUEUE = LuaScript.load("enqueue.lua");
    private static final LuaScript FETCH = LuaScript.load("fetch.lua");
    private static final LuaScript FINISH = LuaScript.load("finish.lua");
    /** A busy worker ends its run and takes the next job in one round trip. */
    private static final LuaScript FINISH_THEN_FETCH = LuaScript.chain("finish.lua", "fetch.lua");
    /** enqueue.lua's segments: a run of plain jobs of one queue, and any other job. */
    private static final byte[] PLAIN_SEGMENT = "P".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOB_SEGMENT = "J".getBytes(StandardCharsets.US_ASCII);

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    WrongTypeKeys wrongTypeKeys;

    @Inject
    RedisClock clock;

    @Inject
    ReplicaAcknowledgements replicas;

    @Inject
    Keys keys;

    private byte[] statusTtl;

    @PostConstruct
    void init() {
        statusTtl = Long.toString(config.statusTtl().toSeconds()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends the jobs atomically (all or none): due ones to their queues, waking idle workers, delayed
     * ones to resque-scheduler's schedule. Returns the ids in order; a unique job whose key is held
     * answers with the holder's id and is not sent. With {@code onlyNew}, a job the outbox sent before
     * answers "" and is not sent again. Plain jobs (see {@link QueuedPayload#plain}) go in runs per
     * queue, which the script pushes without looking at each: a batch of them costs little more than
     * the payloads' bytes.
     */
    public List<String> enqueue(List<QueuedPayload> payloads, boolean onlyNew) {
        if (payloads.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now();
        ScriptCall.Builder call = ScriptCall.builder().keys(keys.forEnqueue())
                .arg(Integer.toString(MAX_WAKE_TOKENS))
                .arg(StatusRecord.json(JobState.QUEUED, now, now))
                .arg(StatusRecord.json(JobState.SCHEDULED, now, now))
                .arg(statusTtl)
                .arg(Long.toString(ScheduleStore.TIMESTAMPS_KEPT.toSeconds()))
                .arg(onlyNew ? "1" : "0");
        boolean[] plain = new boolean[payloads.size()];
        int runCount = -1;
        String runQueue = null;
        for (int i = 0; i < payloads.size(); i++) {
            QueuedPayload payload = payloads.get(i);
            plain[i] = !onlyNew && payload.plain();
            if (plain[i]) {
                if (!payload.queue().equals(runQueue)) {
                    closeRun(call, runCount);
                    runQueue = payload.queue();
                    runCount = call.argCount() + 2;
                    call.arg(PLAIN_SEGMENT).arg(runQueue).arg("").key(keys.queue(runQueue)).key(keys.wake(runQueue));
                }
                call.arg(payload.payload());
                continue;
            }
            closeRun(call, runCount);
            runQueue = null;
            runCount = -1;
            if (payload.runAt() == null) {
                call.key(keys.queue(payload.queue())).key(keys.wake(payload.queue()));
            } else {
                call.key(keys.delayedAt(Long.toString(payload.runAt().getEpochSecond())))
                        .key(keys.timestamps(payload.payload()));
            }
            String letters = (has(payload.statusKey()) ? "s" : "") + (has(payload.uniqueKey()) ? "u" : "");
            call.keyIfAny(payload.statusKey()).keyIfAny(payload.uniqueKey());
            call.arg(JOB_SEGMENT).arg(payload.queue()).arg(payload.payload()).arg(letters)
                    .arg(payload.runAt() == null ? "" : Long.toString(payload.runAt().getEpochSecond()))
                    .arg(payload.id())
                    .arg(payload.uniqueFor() == null ? "" : Long.toString(Math.max(1, payload.uniqueFor().toSeconds())));
        }
        closeRun(call, runCount);
        ScriptCall enqueue = call.build();
        List<?> answers = (List<?>) replicas.enqueue(payloads.size(), redis -> ENQUEUE.run(redis, enqueue));
        List<String> ids = new ArrayList<>(payloads.size());
        int answer = 0;
        for (int i = 0; i < payloads.size(); i++) {
            ids.add(plain[i] ? payloads.get(i).id() : ScriptReplies.text(answers.get(answer++)));
        }
        return ids;
    }

    /** Writes the length of the run of plain jobs whose count slot is at {@code countAt} (-1: none open). */
    private static void closeRun(ScriptCall.Builder call, int countAt) {
        if (countAt >= 0) {
            call.setArg(countAt, Integer.toString(call.argCount() - countAt - 1));
        }
    }

    /** Forgets that the outbox sent these jobs, once their rows are deleted: no relay can send them again. */
    public void forgetOutboxSends(List<String> jobIds) {
        for (int first = 0; first < jobIds.size(); first += ScheduleStore.PROMOTE_BATCH) {
            List<String> chunk = jobIds.subList(first, Math.min(first + ScheduleStore.PROMOTE_BATCH, jobIds.size()));
            connection.client().zrem(keys.outboxSent(), chunk.toArray(String[]::new));
        }
    }

    /**
     * Drops the marks of outbox sends older than {@code kept}: those a server left when it stopped
     * between deleting rows and forgetting their sends, so that the set stays as small as the outbox.
     */
    public void trimOutboxSends(Duration kept) {
        connection.client().zremrangeByScore(keys.outboxSent(), Double.NEGATIVE_INFINITY,
                clock.now().minus(kept).getEpochSecond());
    }

    /**
     * Takes the next job of the pool's queues into the worker's in-flight list, or returns null. The
     * script skips the queues paused on every server and sets aside the jobs of paused names (see
     * {@link PauseStore}) and those that their rate or concurrency limit holds back (see
     * {@link LimitStore}). {@code endFirst}, when not null, is the end of the worker's last run,
     * written first in the same atomic call. When no job is taken and this worker is the one to wake
     * when jobs waiting on a limit are due, {@code limitWait} gets the wait, by Redis's clock.
     */
    public Fetched fetch(String workerId, PoolConfig pool, RunEnd endFirst, Consumer<Duration> limitWait) {
        Instant now = Instant.now();
        List<String> named = pool.allQueues() ? List.of() : pool.queues();
        ScriptCall call = ScriptCall.builder().keys(keys.forFetch(workerId, named)).arg(workerId).arg(iso(now))
                .arg(StatusRecord.json(JobState.RUNNING, now, now)).arg(statusTtl).arg(pool.allQueues() ? "1" : "0")
                .args(named).build();
        Object reply = endFirst == null ? FETCH.run(connection.client(), call)
                : FINISH_THEN_FETCH.run(connection.client(), endFirst.call(), call);
        while (true) {
            if (!(reply instanceof List<?> fetched)) {
                return null;
            }
            for (int i = 2; i + 1 < fetched.size(); i += 2) {
                String key = ScriptReplies.text(fetched.get(i));
                wrongTypeKeys.found(key, ScriptReplies.text(fetched.get(i + 1)), key.equals(keys.queues()) ? "set" : "list");
            }
            String queue = ScriptReplies.text(fetched.get(0));
            if (!queue.isEmpty()) {
                return new Fetched(queue, (byte[]) fetched.get(1), now);
            }
            String answer = ScriptReplies.text(fetched.get(1));
            if (!"+".equals(answer)) {
                if (!answer.isEmpty()) {
                    limitWait.accept(Duration.ofMillis(Long.parseLong(answer)));
                }
                return null;
            }
            // The call set aside as many paused or limited jobs as one call may: the next goes on from there.
            reply = FETCH.run(connection.client(), call);
        }
    }

    /**
     * How a run ended, as Redis records it: the job leaves the worker's in-flight list, is counted and
     * gets its status, and a failure record or the next attempt is stored. Built without touching
     * Redis; written by {@link #finish} or together with the next {@link #fetch}. Writing it twice
     * records it once.
     */
    public static final class RunEnd {

        private static final String MAX_TOKENS = Integer.toString(MAX_WAKE_TOKENS);

        private final Keys keys;
        private final String workerId;
        private final Fetched job;
        private final String statusJson;
        private final byte[] statusTtl;
        private final String outcome;
        /** finish.lua's fixed keys, then the job's status key, progress key and cancel mark that it has. */
        private final List<String> runKeys;
        private final String runKeyLetters;
        private final List<String> outcomeArgs;
        private final QueuedPayload nextStep;

        private RunEnd(Keys keys, String workerId, Fetched job, String statusJson, byte[] statusTtl, String outcome,
                List<String> runKeys, String runKeyLetters, List<String> outcomeArgs, QueuedPayload nextStep) {
            this.keys = keys;
            this.workerId = workerId;
            this.job = job;
            this.statusJson = statusJson;
            this.statusTtl = statusTtl;
            this.outcome = outcome;
            this.runKeys = List.copyOf(runKeys);
            this.runKeyLetters = runKeyLetters;
            this.outcomeArgs = List.copyOf(outcomeArgs);
            this.nextStep = nextStep;
        }

        /**
         * The same end, pushing a chain's next step (a job due now) to its queue in the same call when
         * the run succeeded, so the step is sent exactly once.
         */
        public RunEnd followedBy(QueuedPayload nextStep) {
            return new RunEnd(keys, workerId, job, statusJson, statusTtl, outcome, runKeys, runKeyLetters,
                    outcomeArgs, nextStep);
        }

        /** finish.lua's call: its keys in the order its header gives, then its arguments. */
        ScriptCall call() {
            ScriptCall.Builder call = ScriptCall.builder().keys(runKeys);
            String letters = runKeyLetters;
            if (nextStep != null) {
                call.key(keys.queue(nextStep.queue())).key(keys.wake(nextStep.queue()));
                letters += "n";
                if (has(nextStep.statusKey())) {
                    call.key(nextStep.statusKey());
                    letters += "t";
                }
            }
            call.arg(workerId).arg(job.payload()).arg(statusJson).arg(statusTtl).arg(outcome).arg(letters);
            call.arg(outcomeArgs.size() > 0 ? outcomeArgs.get(0) : "").arg(outcomeArgs.size() > 1 ? outcomeArgs.get(1) : "");
            Instant now = Instant.now();
            call.arg(nextStep == null ? "" : nextStep.queue()).arg(nextStep == null ? "" : nextStep.payload())
                    .arg(StatusRecord.json(JobState.QUEUED, now, now)).arg(MAX_TOKENS);
            return call.build();
        }
    }

    /**
     * A run that succeeded; {@code statusKey} may be null for jobs without an id, {@code progressKey} is
     * the progress the run wrote (null for none), removed unless the job's status is tracked.
     */
    public RunEnd succeeded(String workerId, Fetched job, String statusKey, String progressKey) {
        return runEnd(workerId, job, statusKey, progressKey, null, JobState.SUCCEEDED, "succeeded", List.of());
    }

    /** A run that failed for good, with its Resque failure record. */
    public RunEnd failed(String workerId, Fetched job, String failureRecord, String statusKey, String progressKey) {
        return runEnd(workerId, job, statusKey, progressKey, null, JobState.FAILED, "failed", List.of(failureRecord));
    }

    /**
     * A failed run whose next attempt, {@code nextPayload}, is to be queued after {@code delay}, counted
     * by Redis's clock.
     */
    public RunEnd retry(String workerId, Fetched job, String nextPayload, Duration delay, String statusKey,
            String progressKey) {
        return runEnd(workerId, job, statusKey, progressKey, null, JobState.RETRYING, "retry",
                List.of(nextPayload, Long.toString(delay.toMillis())));
    }

    /**
     * A run that was asked to stop (see {@link Cancellations}) and ended: not failed, not retried; its
     * status is written even when untracked, and {@code cancelMark} goes.
     */
    public RunEnd cancelled(String workerId, Fetched job, String statusKey, String progressKey, String cancelMark) {
        return runEnd(workerId, job, statusKey, progressKey, cancelMark, JobState.CANCELLED, "cancelled", List.of());
    }

    /** Writes the end of a run. */
    public void finish(RunEnd end) {
        FINISH.run(connection.client(), end.call());
    }

    private RunEnd runEnd(String workerId, Fetched job, String statusKey, String progressKey, String cancelMark,
            JobState state, String outcome, List<String> outcomeArgs) {
        Instant now = Instant.now();
        List<String> runKeys = new ArrayList<>(keys.forFinish(workerId, now.getEpochSecond() / 60));
        StringBuilder letters = new StringBuilder();
        for (String[] optional : new String[][] {{"s", statusKey}, {"p", progressKey}, {"c", cancelMark}}) {
            if (has(optional[1])) {
                runKeys.add(optional[1]);
                letters.append(optional[0]);
            }
        }
        return new RunEnd(keys, workerId, job, StatusRecord.json(state, now, job.fetchedAt()), statusTtl, outcome,
                runKeys, letters.toString(), outcomeArgs, null);
    }

    /**
     * Blocks until a wake token arrives on one of the lists or the timeout passes; true when woken.
     * Idle workers sit here instead of polling, so they cost one command per poll interval.
     */
    public boolean awaitWork(List<String> wakeLists, Duration timeout) {
        KeyValue<String, String> token = connection.client().blpop(timeout.toMillis() / 1000.0,
                wakeLists.toArray(String[]::new));
        return token != null;
    }

    /** Pushes tokens onto a server's own wake list so its blocked workers return at once. */
    public void wake(String wakeList, int count) {
        if (count > 0) {
            connection.client().lpush(wakeList, Collections.nCopies(count, "1").toArray(String[]::new));
            connection.client().expire(wakeList, 60);
        }
    }

    /** Round-trip time of a PING to the server that holds this namespace (on a cluster, its slot's master). */
    public Duration ping() {
        long start = System.nanoTime();
        connection.client().sendCommand(keys.queues().getBytes(StandardCharsets.UTF_8), Protocol.Command.PING);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** ISO-8601 to the second, as Ruby Resque writes heartbeats and start times. */
    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static boolean has(String text) {
        return text != null && !text.isEmpty();
    }
}
