package dev.backgroundjobs.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job sent to Redis through {@link dev.backgroundjobs.JobQueue}: after the commit when enqueued in a
 * transaction, never when the transaction rolled back. Fired once per job, also for each job of a batch.
 *
 * @param jobId the job's id
 * @param jobName the job's name
 * @param queue the queue it was sent to
 * @param arguments the arguments it was sent with; for a job the outbox relay sent (its transaction's
 *        own send did not happen), their JSON values ({@code jakarta.json.JsonValue})
 * @param runAt when a delayed job is due; empty for a job queued to run at once
 */
public record JobEnqueued(String jobId, String jobName, String queue, List<Object> arguments, Optional<Instant> runAt)
        implements JobEvent {
}
