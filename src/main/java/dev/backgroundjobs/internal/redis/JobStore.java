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
import redis.clients.jedis.Protocol;
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
    private static final LuaScript REQUEUE = LuaScript.load("requeue.lua");
    /** The housekeeper moves due retries and due delayed jobs in one round trip. */
    private static final LuaScript REQUEUE_TWICE = LuaScript.both("requeue.lua", "requeue.lua");
    private static final LuaScript WORKERS = LuaScript.load("workers.lua");
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

    @Inject
    ReplicaAcknowledgements replicas;

    private Keys keys;
    private byte[] routingKey;
    private byte[] statusTtl;

    @PostConstruct
    void init() {
        keys = new Keys(config.namespace());
        routingKey = bytes(keys.queues());
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
        List<byte[]> args = new ArrayList<>(10 + 2 * payloads.size());
        args.add(bytes(keys.prefix()));
        args.add(bytes(Integer.toString(MAX_WAKE_TOKENS)));
        args.add(bytes(StatusRecord.json(JobState.QUEUED, now, now)));
        args.add(bytes(StatusRecord.json(JobState.SCHEDULED, now, now)));
        args.add(statusTtl);
        args.add(bytes(Long.toString(TIMESTAMPS_KEPT.toSeconds())));
        args.add(bytes(onlyNew ? "1" : "0"));
        boolean[] plain = new boolean[payloads.size()];
        int runCount = -1;
        String runQueue = null;
        for (int i = 0; i < payloads.size(); i++) {
            QueuedPayload payload = payloads.get(i);
            plain[i] = !onlyNew && payload.plain();
            if (plain[i]) {
                if (!payload.queue().equals(runQueue)) {
                    closeRun(args, runCount);
                    runQueue = payload.queue();
                    runCount = args.size() + 2;
                    args.add(PLAIN_SEGMENT);
                    args.add(bytes(runQueue));
                    args.add(null);
                }
                args.add(bytes(payload.payload()));
                continue;
            }
            closeRun(args, runCount);
            runQueue = null;
            runCount = -1;
            args.add(JOB_SEGMENT);
            args.add(bytes(payload.queue()));
            args.add(bytes(payload.payload()));
            args.add(bytes(orEmpty(payload.statusKey())));
            args.add(bytes(payload.runAt() == null ? "" : Long.toString(payload.runAt().getEpochSecond())));
            args.add(bytes(payload.id()));
            args.add(bytes(orEmpty(payload.uniqueKey())));
            args.add(bytes(payload.uniqueFor() == null ? "" : Long.toString(Math.max(1, payload.uniqueFor().toSeconds()))));
        }
        closeRun(args, runCount);
        List<?> answers = (List<?>) replicas.enqueue(payloads.size(), redis -> ENQUEUE.run(redis, routingKey, args));
        List<String> ids = new ArrayList<>(payloads.size());
        int answer = 0;
        for (int i = 0; i < payloads.size(); i++) {
            ids.add(plain[i] ? payloads.get(i).id() : new String((byte[]) answers.get(answer++), StandardCharsets.UTF_8));
        }
        return ids;
    }

    /** Writes the length of the run of plain jobs whose count slot is at {@code countAt} (-1: none open). */
    private static void closeRun(List<byte[]> args, int countAt) {
        if (countAt >= 0) {
            args.set(countAt, bytes(Integer.toString(args.size() - countAt - 1)));
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
        List<byte[]> retries = requeueArgs("retries", JobState.QUEUED, Integer.toString(PROMOTE_BATCH));
        List<byte[]> delayed = requeueArgs("delayed", JobState.QUEUED, Integer.toString(PROMOTE_BATCH), lockValue,
                Long.toString(SCHEDULER_LOCK.toSeconds()), Long.toString(PEER_MOVE_GRACE.toSeconds()),
                Long.toString(TIMESTAMPS_KEPT.toSeconds()));
        List<?> reply = (List<?>) REQUEUE_TWICE.run(connection.client(), routingKey, retries, delayed);
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

    private List<byte[]> requeueArgs(String mode, JobState status, String... modeArgs) {
        Instant now = Instant.now();
        List<byte[]> args = new ArrayList<>(List.of(bytes(keys.prefix()), bytes(mode),
                bytes(Integer.toString(MAX_WAKE_TOKENS)), bytes(StatusRecord.json(status, now, now)), statusTtl));
        for (String arg : modeArgs) {
            args.add(bytes(arg));
        }
        return args;
    }

    /** Cancels a delayed job that is not yet due; false when there is none with that id. */
    public boolean cancelDelayed(String jobId) {
        return Long.valueOf(1).equals(REQUEUE.run(connection.client(), routingKey, requeueArgs("cancel",
                JobState.CANCELLED, jobId)));
    }

    /**
     * Queues the run of a recurring job for one scheduled time, unless some server did already;
     * {@code justCame} says the time has just come, {@code runMissed} whether an older one still runs.
     */
    public boolean fireRecurring(String name, Instant time, boolean justCame, boolean runMissed, QueuedPayload run) {
        return Long.valueOf(1).equals(REQUEUE.run(connection.client(), routingKey, requeueArgs("recurring",
                JobState.QUEUED, name, Long.toString(time.getEpochSecond()), justCame ? "1" : "0", runMissed ? "1" : "0",
                run.queue(), run.payload(), orEmpty(run.statusKey()))));
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
        List<byte[]> args = new ArrayList<>(6 + pool.queues().size());
        args.add(bytes(keys.prefix()));
        args.add(bytes(workerId));
        args.add(bytes(iso(now)));
        args.add(bytes(StatusRecord.json(JobState.RUNNING, now, now)));
        args.add(statusTtl);
        args.add(bytes(pool.allQueues() ? "1" : "0"));
        if (!pool.allQueues()) {
            pool.queues().forEach(queue -> args.add(bytes(queue)));
        }
        Object reply = endFirst == null ? FETCH.run(connection.client(), routingKey, args)
                : FINISH_THEN_FETCH.run(connection.client(), routingKey, endFirst.args, args);
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
            reply = FETCH.run(connection.client(), routingKey, args);
        }
    }

    /**
     * How a run ended, as Redis records it: the job leaves the worker's in-flight list, is counted and
     * gets its status, and a failure record or the next attempt is stored. Built without touching
     * Redis; written by {@link #finish} or together with the next {@link #fetch}. Writing it twice
     * records it once.
     */
    public static final class RunEnd {

        /** finish.lua's arguments up to its last outcome-specific one, after which the follow-ups' come. */
        private static final int OUTCOME_ARGS = 11;
        private static final byte[] NONE = new byte[0];
        private static final byte[] MAX_TOKENS = bytes(Integer.toString(MAX_WAKE_TOKENS));

        private final List<byte[]> args;

        private RunEnd(List<byte[]> args) {
            this(args, null);
        }

        /** With finish.lua's follow-up arguments: a chain's next step (null for none), and what a batch's callbacks need. */
        private RunEnd(List<byte[]> args, QueuedPayload nextStep) {
            List<byte[]> all = new ArrayList<>(args);
            while (all.size() < OUTCOME_ARGS) {
                all.add(NONE);
            }
            Instant now = Instant.now();
            all.add(nextStep == null ? NONE : bytes(nextStep.queue()));
            all.add(nextStep == null ? NONE : bytes(nextStep.payload()));
            all.add(nextStep == null ? NONE : bytes(orEmpty(nextStep.statusKey())));
            all.add(bytes(StatusRecord.json(JobState.QUEUED, now, now)));
            all.add(MAX_TOKENS);
            this.args = List.copyOf(all);
        }

        /**
         * The same end, pushing a chain's next step (a job due now) to its queue in the same call when
         * the run succeeded, so the step is sent exactly once.
         */
        public RunEnd followedBy(QueuedPayload nextStep) {
            return new RunEnd(args.subList(0, OUTCOME_ARGS), nextStep);
        }
    }

    /**
     * A run that succeeded; {@code statusKey} may be null for jobs without an id, {@code progressKey} is
     * the progress the run wrote (null for none), removed unless the job's status is tracked.
     */
    public RunEnd succeeded(String workerId, Fetched job, String statusKey, String progressKey) {
        return new RunEnd(finishArgs(workerId, job, statusKey, progressKey, JobState.SUCCEEDED, "succeeded"));
    }

    /** A run that failed for good, with its Resque failure record. */
    public RunEnd failed(String workerId, Fetched job, String failureRecord, String statusKey, String progressKey) {
        List<byte[]> args = finishArgs(workerId, job, statusKey, progressKey, JobState.FAILED, "failed");
        args.add(bytes(failureRecord));
        return new RunEnd(args);
    }

    /**
     * A failed run whose next attempt, {@code nextPayload}, is to be queued after {@code delay}, counted
     * by Redis's clock.
     */
    public RunEnd retry(String workerId, Fetched job, String nextPayload, Duration delay, String statusKey,
            String progressKey) {
        List<byte[]> args = finishArgs(workerId, job, statusKey, progressKey, JobState.RETRYING, "retry");
        args.add(bytes(nextPayload));
        args.add(bytes(Long.toString(delay.toMillis())));
        return new RunEnd(args);
    }

    /**
     * A run that was asked to stop (see {@link Cancellations}) and ended: not failed, not retried; its
     * status is written even when untracked, and {@code cancelMark} goes.
     */
    public RunEnd cancelled(String workerId, Fetched job, String statusKey, String progressKey, String cancelMark) {
        List<byte[]> args = finishArgs(workerId, job, statusKey, progressKey, JobState.CANCELLED, "cancelled");
        args.add(bytes(cancelMark));
        return new RunEnd(args);
    }

    /** Writes the end of a run. */
    public void finish(RunEnd end) {
        FINISH.run(connection.client(), routingKey, end.args);
    }

    private List<byte[]> finishArgs(String workerId, Fetched job, String statusKey, String progressKey, JobState state,
            String outcome) {
        Instant now = Instant.now();
        return new ArrayList<>(List.of(bytes(keys.prefix()), bytes(workerId), job.payload(), bytes(orEmpty(statusKey)),
                bytes(StatusRecord.json(state, now, job.fetchedAt())), statusTtl, bytes(outcome),
                bytes(Long.toString(now.getEpochSecond() / 60)), bytes(orEmpty(progressKey))));
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
        Object requeued = WORKERS.run(connection.client(), routingKey, List.of(bytes(keys.prefix()), bytes("register"),
                bytes(workerId), bytes(hostField)));
        return requeued instanceof Long count ? count : 0;
    }

    /** Unregisters the worker; returns how many unfinished jobs went back to their queues. */
    public long unregister(String workerId) {
        Object requeued = WORKERS.run(connection.client(), routingKey, List.of(bytes(keys.prefix()), bytes("unregister"),
                bytes(workerId)));
        return requeued instanceof Long count ? count : 0;
    }

    /**
     * Refreshes the heartbeats of this server's live workers, registering again those a peer pruned,
     * then removes every worker whose heartbeat is stale by Redis time (ours after the worker timeout,
     * foreign ones after the foreign worker timeout): one call. Our removed workers' jobs go back to
     * their queues; a foreign one's current job is recorded as failed. No clock of this server is read.
     */
    public Pruned beatAndPrune(List<String> liveWorkers) {
        List<byte[]> args = new ArrayList<>(List.of(bytes(keys.prefix()), bytes("prune"),
                bytes(wholeSeconds(config.workerTimeout())), bytes(wholeSeconds(config.foreignWorkerTimeout()))));
        liveWorkers.forEach(worker -> args.add(bytes(worker)));
        return Pruned.of((List<?>) WORKERS.run(connection.client(), routingKey, args));
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
        return Long.valueOf(1).equals(REQUEUE.run(connection.client(), routingKey, requeueArgs("failed",
                JobState.QUEUED, Long.toString(index), record, "retry", queue, payload, orEmpty(statusKey))));
    }

    /** Deletes the failed record at {@code index} if it still holds {@code record}. */
    public boolean deleteFailed(long index, String record) {
        return Long.valueOf(1).equals(REQUEUE.run(connection.client(), routingKey, requeueArgs("failed",
                JobState.QUEUED, Long.toString(index), record, "delete")));
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

    /** Round-trip time of a PING to the server that holds this namespace (on a cluster, its slot's master). */
    public Duration ping() {
        long start = System.nanoTime();
        connection.client().sendCommand(bytes(keys.queues()), Protocol.Command.PING);
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

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
