package dev.backgroundjobs.event;

import java.time.Duration;
import java.util.List;

/**
 * A worker took the job and begins a run: fired on the worker's thread once Redis marks the job
 * running, just before {@code perform} is called.
 *
 * @param jobId the job's id, or null for a payload written without one
 * @param jobName the job's name
 * @param queue the queue it was taken from
 * @param arguments the bound arguments
 * @param attempt which run this is, 1 for the first
 * @param queueWait how long the job waited: since it was enqueued, or since the due time of a delayed
 *        job or retry
 */
public record JobStarted(String jobId, String jobName, String queue, List<Object> arguments, int attempt,
        Duration queueWait) implements JobEvent {
}
