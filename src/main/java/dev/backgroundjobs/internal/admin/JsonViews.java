package dev.backgroundjobs.internal.admin;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import dev.backgroundjobs.FailedJob;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.RecurringJobs;
import dev.backgroundjobs.internal.common.JsonText;
import dev.backgroundjobs.internal.monitor.QueueWatch;
import dev.backgroundjobs.internal.redis.RedisInspector;
import dev.backgroundjobs.internal.worker.WorkerSupervisor;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of the admin API, built from the module's views of Redis and of this server. */
final class JsonViews {

    private JsonViews() {
    }

    static JsonObject queue(QueueWatch.QueueState queue, Instant now, boolean paused) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("name", queue.name()).add("size", queue.size());
        Optional<Instant> oldest = queue.size() > 0 ? queue.oldestQueuedAt() : Optional.empty();
        if (oldest.isPresent()) {
            Duration latency = Duration.between(oldest.get(), now);
            json.add("latencySeconds", Math.max(0, latency.toMillis()) / 1000.0);
        } else {
            json.addNull("latencySeconds");
        }
        queue.wrongType().ifPresentOrElse(type -> json.add("wrongType", type), () -> json.addNull("wrongType"));
        return json.add("workers", queue.listeners()).add("unattended", queue.unattended()).add("paused", paused).build();
    }

    static JsonObject pool(WorkerSupervisor.PoolState pool) {
        return JSON.createObjectBuilder().add("name", pool.name()).add("queues", strings(pool.queues()))
                .add("concurrency", pool.concurrency()).add("busy", pool.busy()).add("paused", pool.paused()).build();
    }

    /** {@code progress}: what the worker's current job last reported, or null. */
    static JsonObject worker(RedisInspector.WorkerInfo worker, JobStatus.Progress progress) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("id", worker.id()).add("host", worker.host())
                .add("pid", worker.pid()).add("queues", strings(worker.queues()));
        nullable(json, "startedAt", worker.startedAt());
        nullable(json, "heartbeat", worker.heartbeat());
        json.add("processed", worker.processed()).add("failed", worker.failed());
        JsonObject current = worker.job() == null ? null : JsonText.object(worker.job()).orElse(null);
        if (current == null) {
            return json.addNull("job").build();
        }
        JsonObject payload = current.get("payload") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        JsonObjectBuilder job = JSON.createObjectBuilder();
        nullable(job, "queue", JsonText.string(current, "queue"));
        nullable(job, "runAt", JsonText.string(current, "run_at"));
        payloadFields(job, payload);
        if (progress != null) {
            job.add("progress", progress(progress));
        }
        return json.add("job", job).build();
    }

    static JsonObject failed(FailedJob job, String digest) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("index", job.index()).add("digest", digest);
        nullable(json, "jobId", job.jobId());
        nullable(json, "jobName", job.jobName());
        nullable(json, "queue", job.queue());
        nullable(json, "exception", job.exception());
        nullable(json, "error", job.error());
        json.add("backtrace", strings(job.backtrace()));
        nullable(json, "failedAt", job.failedAt());
        nullable(json, "worker", job.worker());
        json.add("attempts", job.attempts());
        JsonObject record = JsonText.object(job.record()).orElse(null);
        JsonValue payload = record == null ? null : record.get("payload");
        nullable(json, "payload", payload == null ? null : payload.toString());
        if (payload instanceof JsonObject failedPayload) {
            BatchViews.chainStopped(json, failedPayload);
        }
        return json.build();
    }

    /** A page of waiting jobs; {@code timeField} names when each is due. */
    static JsonObject waiting(RedisInspector.Page<RedisInspector.Waiting> page, String timeField) {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        for (RedisInspector.Waiting waiting : page.items()) {
            JsonObject payload = JsonText.object(waiting.payload()).orElse(null);
            JsonObjectBuilder item = JSON.createObjectBuilder().add(timeField, waiting.due().toString());
            if (payload == null) {
                item.add("payload", waiting.payload());
            } else {
                payloadFields(item, payload);
                nullable(item, "queue", JsonText.string(payload, "queue"));
                item.add("attempts", payload.get("attempts") instanceof JsonNumber attempts ? attempts.intValue() : 0);
            }
            items.add(item);
        }
        return JSON.createObjectBuilder().add("total", page.total()).add("items", items).build();
    }

    static JsonObject recurring(RecurringJobs.Info job) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("name", job.name()).add("cron", job.cron())
                .add("zone", job.zone());
        nullable(json, "nextRun", job.nextRun().map(Instant::toString).orElse(null));
        nullable(json, "lastRun", job.lastRun().map(Instant::toString).orElse(null));
        return json.build();
    }

    static JsonObject status(JobStatus status) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("id", status.jobId()).add("state", status.state().name());
        nullable(json, "updated", status.updated() == null ? null : status.updated().toString());
        nullable(json, "started", status.started() == null ? null : status.started().toString());
        JobStatus.Progress progress = status.progress();
        if (progress != null) {
            json.add("progress", progress(progress));
        }
        return json.build();
    }

    private static JsonObjectBuilder progress(JobStatus.Progress progress) {
        JsonObjectBuilder reported = JSON.createObjectBuilder().add("percent", progress.percent());
        nullable(reported, "message", progress.message());
        nullable(reported, "reportedAt", progress.reportedAt() == null ? null : progress.reportedAt().toString());
        return reported;
    }

    private static void payloadFields(JsonObjectBuilder json, JsonObject payload) {
        nullable(json, "jobId", JsonText.string(payload, "id"));
        nullable(json, "jobName", JsonText.string(payload, "class"));
        json.add("args", payload.getOrDefault("args", JsonValue.EMPTY_JSON_ARRAY));
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
