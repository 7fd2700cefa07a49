package dev.backgroundjobs;

/**
 * Jobs could not be written to Redis. Each write is one atomic script call, so none of the jobs of
 * the failed call were queued. Thrown to the caller of {@link JobQueue} outside a transaction; sends
 * after a commit are retried in the background instead.
 */
public class JobEnqueueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be sent, with the message id
     * @param cause the Redis client's exception, or the script's error reply
     */
    public JobEnqueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
