package dev.backgroundjobs.event;

import java.time.Instant;
import java.util.List;

/**
 * A failed run that gets another attempt: the job waits in the retry schedule until
 * {@code nextAttemptAt}, when any server's housekeeper puts it back on its queue.
 *
 * @param jobId the job's id, or null for a payload written without one
 * @param jobName the job's name
 * @param queue the queue it goes back to
 * @param arguments the bound arguments
 * @param attempt the run that failed, 1 for the first
 * @param nextAttemptAt when the next run is due, after the back-off with its jitter
 * @param failure what the failed run threw
 */
public record JobRetried(String jobId, String jobName, String queue, List<Object> arguments, int attempt,
        Instant nextAttemptAt, Throwable failure) implements JobEvent {
}
