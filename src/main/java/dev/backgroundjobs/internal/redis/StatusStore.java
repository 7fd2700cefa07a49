package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobState;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.internal.common.JsonText;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** A job's status and progress as PHP-Resque keeps them, and whether a running job was asked to stop. */
@ApplicationScoped
public class StatusStore {

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    Keys keys;

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
}
