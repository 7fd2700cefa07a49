package dev.backgroundjobs.event;

import java.time.Duration;
import java.util.List;

/** A run ended without an exception. */
public record JobSucceeded(String jobId, String jobName, String queue, List<Object> arguments, int attempt,
        Duration duration) implements JobEvent {
}
