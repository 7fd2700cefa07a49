package dev.backgroundjobs.event;

import java.time.Duration;
import java.util.List;

/** A run failed (any attempt); {@link JobRetried} or {@link JobDead} follows. */
public record JobFailed(String jobId, String jobName, String queue, List<Object> arguments, int attempt,
        Duration duration, Throwable failure) implements JobEvent {
}
