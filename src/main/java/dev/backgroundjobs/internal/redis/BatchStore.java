package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.BatchStatus;
import dev.backgroundjobs.JobState;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Batches in Redis: sending one (batch.lua: its record and its jobs, atomically) and reading where
 * batches stand. Their jobs' ends are counted by finish.lua, in the same call that records each end.
 */
@ApplicationScoped
public class BatchStore {

    private static final LuaScript BATCH = LuaScript.load("batch.lua");
    /** Batch ids as {@code JobBatch} makes them; anything else names no batch, and no key is built from it. */
    private static final Pattern BATCH_ID = Pattern.compile("[0-9a-f]{32}");

    @Inject
    RedisConnection connection;

    @Inject
    ReplicaAcknowledgements replicas;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    Keys keys;

    /** Whether the text is a batch id as batches are given them. */
    public static boolean isBatchId(String text) {
        return text != null && BATCH_ID.matcher(text).matches();
    }

    /**
     * Sends the batch's record and jobs in one call; the callbacks may be null. Jobs are due now; their
     * payloads already carry the batch field. Throws the Redis failure, or its refusal of an id sent before.
     */
    public void enqueue(String batchId, List<QueuedPayload> jobs, QueuedPayload onSuccess, QueuedPayload onComplete) {
        Instant now = Instant.now();
        ScriptCall.Builder call = ScriptCall.builder().keys(keys.forBatch(batchId))
                .arg(Integer.toString(QueueStore.MAX_WAKE_TOKENS)).arg(StatusRecord.json(JobState.QUEUED, now, now))
                .arg(Long.toString(config.statusTtl().toSeconds())).arg(batchId);
        addJob(call, onSuccess);
        addJob(call, onComplete);
        jobs.forEach(job -> addJob(call, job));
        ScriptCall batch = call.build();
        replicas.enqueue(jobs.size(), redis -> BATCH.run(redis, batch));
    }

    /** A job's arguments (none for a callback not given) and keys: its queue's, and its status key if tracked. */
    private void addJob(ScriptCall.Builder call, QueuedPayload job) {
        if (job == null) {
            call.arg("").arg("").arg("");
            return;
        }
        boolean tracked = job.statusKey() != null && !job.statusKey().isEmpty();
        call.arg(job.queue()).arg(job.payload()).arg(tracked ? "1" : "");
        call.key(keys.queue(job.queue())).key(keys.wake(job.queue())).keyIfAny(job.statusKey());
    }

    /** The batch's counters, or empty when its record is gone (or the id names no batch). */
    public Optional<BatchStatus> status(String batchId) {
        if (!isBatchId(batchId)) {
            return Optional.empty();
        }
        return parse(batchId, connection.client().hgetAll(keys.batch(batchId)));
    }

    /** The batches not yet complete, oldest first, at most {@code limit}. */
    public List<BatchStatus> open(int limit) {
        return statuses(connection.client().zrange(keys.batchesOpen(), 0, limit - 1));
    }

    /** The batches completed whose record is still kept, last completed first, at most {@code limit}. */
    public List<BatchStatus> completed(int limit) {
        return statuses(connection.client().zrevrange(keys.batchesDone(), 0, limit - 1));
    }

    public long openCount() {
        return connection.client().zcard(keys.batchesOpen());
    }

    public long completedCount() {
        return connection.client().zcard(keys.batchesDone());
    }

    private List<BatchStatus> statuses(List<String> ids) {
        List<BatchStatus> statuses = new ArrayList<>(ids.size());
        // A listed id whose record expired between the two reads is left out.
        ids.forEach(id -> status(id).ifPresent(statuses::add));
        return statuses;
    }

    /** A record as batch.lua and finish.lua write it; empty for none or one that is not such a record. */
    static Optional<BatchStatus> parse(String batchId, Map<String, String> record) {
        try {
            if (record.isEmpty()) {
                return Optional.empty();
            }
            String completed = record.get("completed");
            return Optional.of(new BatchStatus(batchId, count(record, "total"), count(record, "pending"),
                    count(record, "succeeded"), count(record, "failed"), count(record, "dead"),
                    Instant.ofEpochSecond(Long.parseLong(record.get("created"))),
                    completed == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(completed)))));
        } catch (RuntimeException e) {
            // Someone else's hash under our key: no batch of ours.
            return Optional.empty();
        }
    }

    private static int count(Map<String, String> record, String field) {
        return Integer.parseInt(record.get(field));
    }
}
