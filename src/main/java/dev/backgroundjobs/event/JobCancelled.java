package dev.backgroundjobs.event;

import java.time.Duration;
import java.util.List;

/**
 * A run ended after {@code JobQueue.cancel} asked it to stop, whether it returned, threw, or was
 * interrupted after {@code background-jobs.cancel-grace}; its status is {@code CANCELLED}, and it is
 * neither in the failed list nor retried. Jobs cancelled before they started fire nothing.
 *
 * @param jobId the job's id
 * @param jobName the job's name
 * @param queue the queue it was taken from
 * @param arguments the bound arguments
 * @param attempt which run was cancelled, 1 for the first
 * @param duration how long {@code perform} ran
 */
public record JobCancelled(String jobId, String jobName, String queue, List<Object> arguments, int attempt,
        Duration duration) implements JobEvent {
}
