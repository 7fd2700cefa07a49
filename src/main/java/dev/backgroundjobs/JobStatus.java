package dev.backgroundjobs;

import java.time.Instant;

/**
 * A job's state as last recorded in Redis, with when it changed, when its last run started, and the
 * progress its run last reported through {@link JobContext#reportProgress} (null when none).
 */
public record JobStatus(String jobId, JobState state, Instant updated, Instant started, Progress progress) {

    /** A run's own account of how far it has got, and when it said so. */
    public record Progress(int percent, String message, Instant reportedAt) {
    }
}
