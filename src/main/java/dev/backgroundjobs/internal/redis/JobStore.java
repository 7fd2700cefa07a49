package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobState;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.internal.common.JsonText;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.config.PoolConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.KeyValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The Resque data in Redis, as the module reads and writes it. Every multi-key change is one Lua
 * script call, so it is atomic and costs one round trip. Redis failures surface as Jedis exceptions.
 */
@ApplicationScoped
public class JobStore {

    /** Enough tokens to wake every idle worker of a queue on a typical cluster, few enough to cost nothing. */
    static final int MAX_WAKE_TOKENS = 64;
    /** Retries promoted per call, so one call never holds Redis long. */
    public static final int PROMOTE_BATCH = 500;

    private static final LuaScript ENQUEUE = LuaScript.load("enqueue.lua");
    private static final LuaScript FETCH = LuaScript.load("fetch.lua");
    private static final LuaScript FINISH = LuaScript.load("finish.lua");
    /** A busy worker ends its run and takes the next job in one round trip. */
    private static final LuaScript FINISH_THEN_FETCH = LuaScript.chain("finish.lua", "fetch.lua");
    /** The housekeeper moves due retries and due delayed jobs in one round trip. */
    private static final LuaScript PROMOTE_DUE = LuaScript.both("promote_retries.lua", "promote_delayed.lua");
    private static final LuaScript CANCEL_DELAYED = LuaScript.load("cancel_delayed.lua");
    private static final LuaScript FIRE_RECURRING = LuaScript.load("fire_recurring.lua");
    private static final LuaScript RETRY_FAILED = LuaScript.load("retry_failed.lua");
    private static final LuaScript DELETE_FAILED = LuaScript.load("delete_failed.lua");
    private static final LuaScript REGISTER_WORKER = LuaScript.load("register_worker.lua");
    private static final LuaScript UNREGISTER_WORKER = LuaScript.load("unregister_worker.lua");
    private static final LuaScript PRUNE_WORKERS = LuaScript.load("prune_workers.lua");
    /** enqueue.lua's segments: a run of plain jobs of one queue, and any other job. */
    private static final byte[] PLAIN_SEGMENT = "P".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOB_SEGMENT = "J".getBytes(StandardCharsets.US_ASCII);
    /** resque-scheduler's master lock lasts 3 minutes; ours is renewed every second, so it can be short. */
    private static final Duration SCHEDULER_LOCK = Duration.ofSeconds(15);
    /**
     * How long past its due time a delayed job's {@code timestamps:PAYLOAD} set is kept: peers look a
     * job up in it only while it waits, and a mover that does not remove it leaves it to expire.
     */
    static final Duration TIMESTAMPS_KEPT = Duration.ofDays(7);
    /**
     * A delayed job this long past due that is no longer waiting, but was not moved by this module, was
     * moved by a peer scheduler (which drops its id): its index entry goes and its status becomes queued.
     */
    static final Duration PEER_MOVE_GRACE = Duration.ofMinutes(1);

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    WrongTypeKeys wrongTypeKeys;

    @Inject
    RedisClock clock;

    private Keys keys;
    private byte[] statusTtl;

    @PostConstruct
    void init() {
        keys = new Keys(config.namespace());
        statusTtl = bytes(Long.toString(config.statusTtl().toSeconds()));
    }

    public Keys keys() {
        return keys;
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
                .arg(Long.toString(TIMESTAMPS_KEPT.toSeconds()))
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
        List<?> answers = (List<?>) ENQUEUE.run(connection.client(), call.build());
        List<String> ids = new ArrayList<>(payloads.size());
        int answer = 0;
        for (int i = 0; i < payloads.size(); i++) {
            ids.add(plain[i] ? payloads.get(i).id() : new String((byte[]) answers.get(answer++), StandardCharsets.UTF_8));
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
        for (int first = 0; first < jobIds.size(); first += PROMOTE_BATCH) {
            List<String> chunk = jobIds.subList(first, Math.min(first + PROMOTE_BATCH, jobIds.size()));
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
     * Moves the retries that are due to their queues, and the delayed jobs that are due unless a
     * resque-scheduler master holds its lock, in one call. The delayed part's {@code nextDue} is
     * empty when none is waiting or when another scheduler is master.
     */
    public DuePromoted promoteDue(String lockValue) {
        ScriptCall retries = requeueCall(keys.forPromoteRetries(), JobState.QUEUED, Integer.toString(PROMOTE_BATCH));
        ScriptCall delayed = requeueCall(keys.forPromoteDelayed(), JobState.QUEUED, Integer.toString(PROMOTE_BATCH),
                lockValue, Long.toString(SCHEDULER_LOCK.toSeconds()), Long.toString(PEER_MOVE_GRACE.toSeconds()),
                Long.toString(TIMESTAMPS_KEPT.toSeconds()));
        List<?> reply = (List<?>) PROMOTE_DUE.run(connection.client(), retries, delayed);
        Instant now = Instant.now();
        List<?> redisTime = (List<?>) reply.get(2);
        Instant redisNow = Instant.ofEpochSecond(Long.parseLong(text(redisTime.get(0))),
                Long.parseLong(text(redisTime.get(1))) * 1_000);
        clock.observed(Duration.between(now, redisNow));
        return new DuePromoted(promoted(partAnswer(reply, 0), wait -> now.plusMillis(wait)),
                promoted(partAnswer(reply, 1), wait -> now.plusSeconds(wait)));
    }

    /**
     * One part's answer in the pair a composed script returns. A part that answers an error (a key of
     * the wrong type: that part wrote nothing) arrives as an element of the pair, thrown here.
     */
    static List<?> partAnswer(List<?> pair, int part) {
        Object answer = pair.get(part);
        if (answer instanceof JedisDataException error) {
            throw new JedisDataException(error.getMessage(), error);
        }
        return (List<?>) answer;
    }

    /**
     * What one {@link #promoteDue} moved, retries and delayed jobs. The call also tells {@link RedisClock}
     * how far Redis's clock is ahead of this server's, for what else is scheduled by it.
     */
    public record DuePromoted(Promoted retries, Promoted delayed) {

        /** Whether a batch was full, so more may be due. */
        public boolean more() {
            return retries.moved() == PROMOTE_BATCH || delayed.moved() == PROMOTE_BATCH;
        }
    }

    /**
     * The reply of a promotion: how many moved, and the wait by Redis's clock until the next is due
     * ('' none, '-1' not ours to move), made a time of this server's clock by {@code dueAfter}: a wait
     * needs no clocks that agree.
     */
    private static Promoted promoted(List<?> reply, LongFunction<Instant> dueAfter) {
        String wait = new String((byte[]) reply.get(1), StandardCharsets.UTF_8);
        Optional<Instant> next = wait.isEmpty() || wait.equals("-1") ? Optional.empty()
                : Optional.of(dueAfter.apply(Long.parseLong(wait)));
        return new Promoted((Long) reply.get(0), next);
    }

    /** A call of a script that queues jobs (lib/requeue.lua): the arguments they share, then its own. */
    private ScriptCall requeueCall(List<String> scriptKeys, JobState status, String... scriptArgs) {
        Instant now = Instant.now();
        return ScriptCall.builder().keys(scriptKeys).arg(Integer.toString(MAX_WAKE_TOKENS))
                .arg(StatusRecord.json(status, now, now)).arg(statusTtl).args(List.of(scriptArgs)).build();
    }

    /** Cancels a delayed job that is not yet due; false when there is none with that id. */
    public boolean cancelDelayed(String jobId) {
        Instant now = Instant.now();
        return Long.valueOf(1).equals(CANCEL_DELAYED.run(connection.client(), ScriptCall.builder()
                .keys(keys.forCancelDelayed()).arg(StatusRecord.json(JobState.CANCELLED, now, now)).arg(statusTtl)
                .arg(jobId).build()));
    }

    /**
     * Queues the run of a recurring job for one scheduled time, unless some server did already;
     * {@code justCame} says the time has just come, {@code runMissed} whether an older one still runs.
     */
    public boolean fireRecurring(String name, Instant time, boolean justCame, boolean runMissed, QueuedPayload run) {
        return Long.valueOf(1).equals(FIRE_RECURRING.run(connection.client(), requeueCall(
                keys.forFireRecurring(name, run.queue(), run.statusKey()), JobState.QUEUED,
                Long.toString(time.getEpochSecond()), justCame ? "1" : "0", runMissed ? "1" : "0", run.queue(),
                run.payload())));
    }

    /** When a recurring job last ran, if ever. */
    public Optional<Instant> lastRecurringRun(String name) {
        String last = connection.client().hget(keys.recurring(name), "last_run");
        return last == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(last)));
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
                String key = text(fetched.get(i));
                wrongTypeKeys.found(key, text(fetched.get(i + 1)), key.equals(keys.queues()) ? "set" : "list");
            }
            String queue = text(fetched.get(0));
            if (!queue.isEmpty()) {
                return new Fetched(queue, (byte[]) fetched.get(1), now);
            }
            String answer = text(fetched.get(1));
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

    /** How many jobs a promotion moved, and when the next one is due. */
    public record Promoted(long moved, Optional<Instant> nextDue) {
    }

    /**
     * Registers the worker, first removing earlier lives of its loop (same host field, same
     * {@code -pool-N} tag after the pid) and a previous life of the same id; returns how many jobs
     * those left in flight and were put back. Times are Redis's.
     */
    public long register(String workerId, String hostField) {
        Object requeued = REGISTER_WORKER.run(connection.client(), ScriptCall.builder()
                .keys(keys.forWorkers(List.of(workerId))).arg(workerId).arg(hostField).build());
        return requeued instanceof Long count ? count : 0;
    }

    /** Unregisters the worker; returns how many unfinished jobs went back to their queues. */
    public long unregister(String workerId) {
        Object requeued = UNREGISTER_WORKER.run(connection.client(), ScriptCall.builder()
                .keys(keys.forWorkers(List.of(workerId))).arg(workerId).build());
        return requeued instanceof Long count ? count : 0;
    }

    /**
     * Refreshes the heartbeats of this server's live workers, registering again those a peer pruned,
     * then removes every worker whose heartbeat is stale by Redis time (ours after the worker timeout,
     * foreign ones after the foreign worker timeout): one call. Our removed workers' jobs go back to
     * their queues; a foreign one's current job is recorded as failed. No clock of this server is read.
     */
    public Pruned beatAndPrune(List<String> liveWorkers) {
        return Pruned.of((List<?>) PRUNE_WORKERS.run(connection.client(), ScriptCall.builder()
                .keys(keys.forWorkers(liveWorkers)).arg(wholeSeconds(config.workerTimeout()))
                .arg(wholeSeconds(config.foreignWorkerTimeout())).args(liveWorkers).build()));
    }

    /** A timeout as the prune compares it: whole seconds, rounded up. */
    static String wholeSeconds(Duration timeout) {
        return Long.toString((timeout.toMillis() + 999) / 1000);
    }

    /** What a prune did: the workers it removed, and this server's live workers it registered again. */
    public record Pruned(List<PrunedWorker> workers, List<String> registeredAgain) {

        public Pruned {
            workers = List.copyOf(workers);
            registeredAgain = List.copyOf(registeredAgain);
        }

        /** Reads the script's reply: removed workers as (id, outcome, count) triples, then the ids registered again. */
        static Pruned of(List<?> reply) {
            List<?> removed = (List<?>) reply.get(0);
            List<PrunedWorker> workers = new ArrayList<>(removed.size() / 3);
            for (int i = 0; i + 2 < removed.size(); i += 3) {
                workers.add(new PrunedWorker(text(removed.get(i)), JobsLeft.of(text(removed.get(i + 1))),
                        ((Number) removed.get(i + 2)).longValue()));
            }
            List<String> again = new ArrayList<>();
            for (Object id : (List<?>) reply.get(1)) {
                again.add(text(id));
            }
            return new Pruned(workers, again);
        }

        /** How many jobs went back to their queues. */
        public long requeued() {
            return count(JobsLeft.REQUEUED);
        }

        /** How many jobs of foreign workers were recorded as failed. */
        public long recordedAsFailed() {
            return count(JobsLeft.RECORDED_AS_FAILED);
        }

        private long count(JobsLeft kind) {
            return workers.stream().filter(worker -> worker.jobsLeft() == kind).mapToLong(PrunedWorker::jobs).sum();
        }
    }

    /** A worker a prune removed, what became of the jobs it left and how many they were. */
    public record PrunedWorker(String id, JobsLeft jobsLeft, long jobs) {
    }

    /** What became of the jobs a pruned worker left. */
    public enum JobsLeft {
        /** One of ours: its in-flight jobs went back to the head of their queue. */
        REQUEUED,
        /** A foreign worker: its current job became a Resque::DirtyExit failure record, to be retried. */
        RECORDED_AS_FAILED,
        /** Nothing was in flight. */
        NONE,
        /** One of ours whose current job names no queue: its in-flight list is kept, not dropped. */
        KEPT_IN_FLIGHT;

        static JobsLeft of(String outcome) {
            return switch (outcome) {
                case "requeued" -> REQUEUED;
                case "failed" -> RECORDED_AS_FAILED;
                case "kept" -> KEPT_IN_FLIGHT;
                default -> NONE;
            };
        }
    }

    /** The records of the failed list from {@code first} to {@code last} (inclusive, Redis indexes). */
    public List<String> failedRecords(long first, long last) {
        return connection.client().lrange(keys.failed(), first, last);
    }

    public long failedCount() {
        return connection.client().llen(keys.failed());
    }

    /** Requeues the payload of the failed record at {@code index} if it still holds {@code record}. */
    public boolean retryFailed(long index, String record, String queue, String payload, String statusKey) {
        return Long.valueOf(1).equals(RETRY_FAILED.run(connection.client(), requeueCall(
                keys.forRetryFailed(queue, statusKey), JobState.QUEUED, Long.toString(index), record, queue, payload)));
    }

    /** Deletes the failed record at {@code index} if it still holds {@code record}. */
    public boolean deleteFailed(long index, String record) {
        return Long.valueOf(1).equals(DELETE_FAILED.run(connection.client(), ScriptCall.builder()
                .keys(keys.forDeleteFailed()).arg(Long.toString(index)).arg(record).build()));
    }

    /** Appends failure records to Resque's failed list. */
    public void addFailed(List<String> records) {
        connection.client().rpush(keys.failed(), records.toArray(String[]::new));
    }

    public void clearFailed() {
        connection.client().del(keys.failed());
    }

    /**
     * The job's status: its status key where it is tracked, else RUNNING while a worker runs it (read
     * from the workers' current jobs), else empty.
     */
    public Optional<JobStatus> status(String jobId) {
        List<String> records = connection.client().mget(keys.status(jobId, null), keys.progress(jobId));
        String json = records.get(0);
        Optional<JobStatus> status = json == null ? runningUntracked(jobId) : StatusRecord.parse(jobId, json);
        return status.map(found -> new JobStatus(found.jobId(), found.state(), found.updated(), found.started(),
                ProgressRecord.parse(records.get(1))));
    }

    /** A job without a status key that a worker runs now: one read of every worker's current job. */
    private Optional<JobStatus> runningUntracked(String jobId) {
        List<String> workers = List.copyOf(connection.client().smembers(keys.workers()));
        if (workers.isEmpty()) {
            return Optional.empty();
        }
        List<String> currentJobs = connection.client().mget(workers.stream().map(keys::worker).toArray(String[]::new));
        for (String current : currentJobs) {
            if (current == null || !current.contains(jobId)) {
                continue;
            }
            Optional<JsonObject> run = JsonText.object(current);
            Optional<JsonObject> payload = run.filter(record -> record.get("payload") instanceof JsonObject)
                    .map(record -> record.getJsonObject("payload"));
            if (payload.isPresent() && jobId.equals(JsonText.string(payload.get(), "id"))) {
                Instant started = startedAt(JsonText.string(run.get(), "run_at"));
                return Optional.of(new JobStatus(jobId, JobState.RUNNING, started, started, null));
            }
        }
        return Optional.empty();
    }

    /** A worker's {@code run_at}, in any ISO-8601 offset (Ruby Resque writes its own zone); null if unreadable. */
    private static Instant startedAt(String runAt) {
        try {
            return runAt == null ? null : OffsetDateTime.parse(runAt).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Replaces the progress of a running job; it expires with a tracked job's status, and goes when an
     * untracked job's run ends.
     */
    public void reportProgress(String jobId, int percent, String message) {
        connection.client().setex(keys.progress(jobId), config.statusTtl().toSeconds(),
                ProgressRecord.json(percent, message, Instant.now()));
    }

    public boolean cancelRequested(String jobId) {
        return connection.client().exists(keys.cancelRequest(jobId));
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

    /** Round-trip time of a PING. */
    public Duration ping() {
        long start = System.nanoTime();
        connection.client().ping();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** ISO-8601 to the second, as Ruby Resque writes heartbeats and start times. */
    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String text(Object reply) {
        return reply instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static boolean has(String text) {
        return text != null && !text.isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
