package dev.backgroundjobs.it.context;

import java.time.Instant;

/** What a job's JobContext said during one run. */
public record SeenRun(String jobId, String jobName, String queue, int attempt, int maxAttempts, Instant enqueuedAt) {
}
