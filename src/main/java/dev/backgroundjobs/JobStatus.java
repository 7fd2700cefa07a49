package dev.backgroundjobs;

import java.time.Instant;

/** A job's state as last recorded in Redis, with when it changed and when its last run started. */
public record JobStatus(String jobId, JobState state, Instant updated, Instant started) {
}
