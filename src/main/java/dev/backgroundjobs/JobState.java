package dev.backgroundjobs;

/**
 * Where a job is in its life. Stored as PHP-Resque's status number (1 waiting, 2 running, 3 failed,
 * 4 complete), so PHP-Resque's status readers understand it, with the finer state beside it.
 */
public enum JobState {
    /** A delayed job waiting for its time in resque-scheduler's schedule. */
    SCHEDULED(1),
    /** On its queue, waiting for a worker. */
    QUEUED(1),
    /** A worker runs it now. */
    RUNNING(2),
    /** A run failed and the next attempt waits for its back-off to pass. */
    RETRYING(1),
    /** Failed for good: its last attempt failed, or it could not run; its record is in the failed list. */
    FAILED(3),
    /** A run ended without an exception. */
    SUCCEEDED(4),
    /**
     * Cancelled with {@link JobQueue#cancel}: taken off its queue or schedule before it ran, or a run that
     * was asked to stop and ended (on its own or interrupted after {@code background-jobs.cancel-grace}).
     * Not a failure: nothing is in the failed list and nothing is retried. PHP-Resque's readers see 3
     * (failed), the one final state that does not claim the job completed.
     */
    CANCELLED(3),
    /**
     * Not started by its deadline ({@link JobRequest#expiresAt}): a worker took it after the deadline, by
     * Redis's clock, and discarded it without running it. PHP-Resque's readers see 3 (failed), as for
     * {@link #CANCELLED}.
     */
    EXPIRED(3);

    private final int resqueStatus;

    JobState(int resqueStatus) {
        this.resqueStatus = resqueStatus;
    }

    /**
     * The number PHP-Resque's status readers see for this state.
     *
     * @return 1 waiting, 2 running, 3 failed or 4 complete
     */
    public int resqueStatus() {
        return resqueStatus;
    }

    /**
     * Reads a status that PHP-Resque wrote, which has its number and no finer state.
     *
     * @param status PHP-Resque's status number
     * @return {@link #RUNNING} for 2, {@link #FAILED} for 3, {@link #SUCCEEDED} for 4, else {@link #QUEUED}
     */
    public static JobState ofResqueStatus(int status) {
        return switch (status) {
            case 2 -> RUNNING;
            case 3 -> FAILED;
            case 4 -> SUCCEEDED;
            default -> QUEUED;
        };
    }
}
