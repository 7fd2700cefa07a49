package dev.backgroundjobs;

import java.time.Instant;

/**
 * A job's state as last recorded in Redis, with when it changed and when its last run started.
 * Statuses expire {@code background-jobs.status-ttl} after their last change.
 *
 * @param jobId the job's id
 * @param state where the job is in its life
 * @param updated when the state last changed
 * @param started when the job's last run started; before its first run, when it was queued (as
 *        PHP-Resque writes {@code started}); null when the writer wrote none
 */
public record JobStatus(String jobId, JobState state, Instant updated, Instant started) {
}
