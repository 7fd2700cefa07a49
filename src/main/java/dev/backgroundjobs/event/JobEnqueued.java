package dev.backgroundjobs.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A job sent to Redis through {@link JobQueue}: after the commit when enqueued in a transaction. */
public record JobEnqueued(String jobId, String jobName, String queue, List<Object> arguments, Optional<Instant> runAt)
        implements JobEvent {
}
