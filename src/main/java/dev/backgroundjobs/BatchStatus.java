package dev.backgroundjobs;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a batch ({@link JobBatch}) stands, as Redis counts it. Each job of the batch ends once: it
 * succeeds, or it is dead: out of attempts or unable to run (unknown job, unreadable arguments), and
 * then in the failed list, or cancelled ({@link JobQueue#cancel}) or expired before it started. A run that fails and is retried does not end its job; it counts in
 * {@link #failed}. So {@code total == pending + succeeded + dead} at every moment, and the batch is
 * complete when none is pending. A job of the batch retried by hand from the failed list is not
 * counted again.
 *
 * @param batchId the batch's id
 * @param total how many jobs the batch has
 * @param pending jobs that have not ended yet (queued, running, or waiting for a retry)
 * @param succeeded jobs whose run succeeded
 * @param failed runs of the batch's jobs that failed and were retried (a job may count several times)
 * @param dead jobs that ended without success: in the failed list, cancelled or expired
 * @param created when the batch was sent (Redis's clock, to the second)
 * @param completed when its last job ended (Redis's clock, to the second), empty while jobs are pending
 */
public record BatchStatus(String batchId, int total, int pending, int succeeded, int failed, int dead,
        Instant created, Optional<Instant> completed) {

    /**
     * Whether every job has ended; then the callbacks have been queued: {@link JobBatch#onComplete}'s
     * always, {@link JobBatch#onSuccess}'s when no job is dead.
     *
     * @return true when no job is pending
     */
    public boolean complete() {
        return pending == 0;
    }
}
