package dev.backgroundjobs.event;

import java.time.Duration;
import java.util.List;

/**
 * A run failed (any attempt); {@link JobRetried} or {@link JobDead} follows on the same thread.
 *
 * @param jobId the job's id, or null for a payload written without one
 * @param jobName the job's name
 * @param queue the queue it was taken from
 * @param arguments the bound arguments
 * @param attempt which run this was, 1 for the first
 * @param duration how long the run took until it threw or was interrupted
 * @param failure what {@code perform} threw (a timeout's interrupt included)
 */
public record JobFailed(String jobId, String jobName, String queue, List<Object> arguments, int attempt,
        Duration duration, Throwable failure) implements JobEvent {
}
