package dev.backgroundjobs.internal.failures;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import dev.backgroundjobs.FailedJob;
import dev.backgroundjobs.FailedJobs;
import dev.backgroundjobs.internal.common.JsonText;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.common.QueueNames;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.FailedStore;
import dev.backgroundjobs.internal.redis.Keys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** {@link FailedJobs} on Resque's {@code failed} list. */
@ApplicationScoped
public class RedisFailedJobs implements FailedJobs {

    /** Fields of ours that describe past runs; a retried job starts afresh without them. */
    private static final List<String> RUN_HISTORY = List.of(PayloadCodec.ATTEMPTS, "queue", "first_failed_at",
            PayloadCodec.DUE_AT);

    @Inject
    FailedStore failed;

    @Inject
    Keys keys;

    @Override
    public long count() {
        return failed.count();
    }

    @Override
    public List<FailedJob> list(long offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1, were " + offset + " and " + limit);
        }
        List<String> records = failed.records(offset, offset + limit - 1);
        List<FailedJob> jobs = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            jobs.add(parse(offset + i, records.get(i)));
        }
        return jobs;
    }

    @Override
    public boolean retry(FailedJob job) {
        Requeue requeue = requeueOf(job.index(), job.record());
        String statusKey = requeue.jobId() != null ? keys.status(requeue.jobId(), requeue.statusPrefix()) : null;
        return failed.retry(job.index(), job.record(), requeue.queue(), requeue.payload(), statusKey);
    }

    /**
     * Retries every record that can be retried; one that cannot (see {@link #requeueOf}) is skipped and
     * stays in the list, so it can be seen and deleted.
     */
    @Override
    public int retryAll() {
        int retried = 0;
        long index = 0;
        long remaining = count();
        while (remaining-- > 0) {
            List<FailedJob> at = list(index, 1);
            if (at.isEmpty()) {
                break;
            }
            FailedJob job = at.get(0);
            try {
                requeueOf(job.index(), job.record());
            } catch (IllegalArgumentException notRetryable) {
                index++;
                continue;
            }
            // A record that moved meanwhile is looked for again at the same place.
            if (retry(job)) {
                retried++;
            }
        }
        return retried;
    }

    /** What retrying a failed record puts back: the queue and payload, and the job's id for its status. */
    record Requeue(String queue, String payload, String jobId, String statusPrefix) {
    }

    /**
     * What retrying the record at {@code index} would queue, as resque-web does: its payload, without
     * our run history, on the queue the record names.
     *
     * @throws IllegalArgumentException (BGJ0034E) when the record is not a JSON object, names no valid
     *         queue, or its payload is not a job (a JSON object with a class)
     */
    static Requeue requeueOf(long index, String text) {
        JsonObject record;
        try {
            record = read(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(Messages.notRetryable(index, "it is not a JSON object"), e);
        }
        String queue = JsonText.string(record, "queue");
        if (queue == null || !QueueNames.isValid(queue)) {
            throw new IllegalArgumentException(Messages.notRetryable(index, queue == null || queue.isEmpty()
                    ? "it names no queue" : "its queue '" + queue + "' is not a valid queue name"));
        }
        if (!(record.get("payload") instanceof JsonObject payload) || JsonText.string(payload, "class") == null) {
            throw new IllegalArgumentException(Messages.notRetryable(index,
                    "its payload is not a job (a JSON object with a \"class\")"));
        }
        return new Requeue(queue, withoutRunHistory(payload), JsonText.string(payload, "id"),
                JsonText.string(payload, "prefix"));
    }

    @Override
    public boolean delete(FailedJob job) {
        return failed.delete(job.index(), job.record());
    }

    @Override
    public void clear() {
        failed.clear();
    }

    private static FailedJob parse(long index, String text) {
        JsonObject record;
        try {
            record = read(text);
        } catch (RuntimeException e) {
            // Written by someone else and not a JSON object: still listed, so it can be seen and deleted.
            return new FailedJob(index, null, null, null, null, "not a failure record: " + text, List.of(), null, null,
                    1, text);
        }
        JsonValue payload = record.get("payload");
        JsonObject payloadObject = payload instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        List<String> backtrace = new ArrayList<>();
        if (record.get("backtrace") instanceof JsonArray lines) {
            lines.forEach(line -> backtrace.add(text(line)));
        }
        return new FailedJob(index, JsonText.string(payloadObject, "id"), JsonText.string(payloadObject, "class"),
                JsonText.string(record, "queue"), JsonText.string(record, "exception"), JsonText.string(record, "error"),
                backtrace, JsonText.string(record, "failed_at"), JsonText.string(record, "worker"),
                record.getInt("attempts", 1), text);
    }

    private static String withoutRunHistory(JsonObject payload) {
        var fresh = JSON.createObjectBuilder(payload);
        RUN_HISTORY.forEach(fresh::remove);
        return fresh.build().toString();
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString string ? string.getString() : String.valueOf(value);
    }

    private static JsonObject read(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
