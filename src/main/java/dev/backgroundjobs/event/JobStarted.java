package dev.backgroundjobs.event;

import java.time.Duration;
import java.util.List;

/** A run began; {@code attempt} counts from 1, {@code queueWait} is the time since it was enqueued or last failed. */
public record JobStarted(String jobId, String jobName, String queue, List<Object> arguments, int attempt,
        Duration queueWait) implements JobEvent {
}
