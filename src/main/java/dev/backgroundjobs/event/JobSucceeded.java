package dev.backgroundjobs.event;

import java.time.Duration;
import java.util.List;

/**
 * A run ended without an exception; the job is acknowledged and its status is {@code SUCCEEDED}.
 *
 * @param jobId the job's id, or null for a payload written without one
 * @param jobName the job's name
 * @param queue the queue it was taken from
 * @param arguments the bound arguments
 * @param attempt which run succeeded, 1 for the first
 * @param duration how long {@code perform} took
 */
public record JobSucceeded(String jobId, String jobName, String queue, List<Object> arguments, int attempt,
        Duration duration) implements JobEvent {
}
