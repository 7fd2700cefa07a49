package dev.backgroundjobs;

import java.time.Instant;

/**
 * A job's state as last recorded in Redis, with when it changed, when its last run started, and the
 * progress its run last reported through {@link JobContext#reportProgress}. Tracked statuses expire
 * {@code background-jobs.status-ttl} after their last change; see {@link JobQueue#status(String)}.
 *
 * @param jobId the job's id
 * @param state where the job is in its life
 * @param updated when the state last changed
 * @param started when the job's last run started; before its first run, when it was queued (as
 *        PHP-Resque writes {@code started}); null when the writer wrote none
 * @param progress what the job's run last reported, or null when it reported nothing
 */
public record JobStatus(String jobId, JobState state, Instant updated, Instant started, Progress progress) {

    /**
     * A run's own account of how far it has got, and when it said so.
     *
     * @param percent from 0 to 100
     * @param message what the run said it was doing; null when it said nothing
     * @param reportedAt when the run reported it
     */
    public record Progress(int percent, String message, Instant reportedAt) {
    }
}
