package dev.backgroundjobs;

/**
 * Where a job is in its life. Stored as PHP-Resque's status number (1 waiting, 2 running, 3 failed,
 * 4 complete), so PHP-Resque's status readers understand it, with the finer state beside it.
 */
public enum JobState {
    SCHEDULED(1), QUEUED(1), RUNNING(2), RETRYING(1), FAILED(3), SUCCEEDED(4), CANCELLED(3);

    private final int resqueStatus;

    JobState(int resqueStatus) {
        this.resqueStatus = resqueStatus;
    }

    /** PHP-Resque's status number. */
    public int resqueStatus() {
        return resqueStatus;
    }

    /** The state a PHP-Resque status number stands for, where no finer state was written. */
    public static JobState ofResqueStatus(int status) {
        return switch (status) {
            case 2 -> RUNNING;
            case 3 -> FAILED;
            case 4 -> SUCCEEDED;
            default -> QUEUED;
        };
    }
}
