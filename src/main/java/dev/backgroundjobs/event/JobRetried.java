package dev.backgroundjobs.event;

import java.time.Instant;
import java.util.List;

/** A failed run that gets another attempt, due at {@code nextAttemptAt}. */
public record JobRetried(String jobId, String jobName, String queue, List<Object> arguments, int attempt,
        Instant nextAttemptAt, Throwable failure) implements JobEvent {
}
