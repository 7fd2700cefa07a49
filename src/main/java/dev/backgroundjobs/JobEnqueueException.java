package dev.backgroundjobs;

/**
 * Jobs could not be written to Redis. Each write is one atomic script call, so none of the jobs of
 * the failed call were queued.
 */
public class JobEnqueueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JobEnqueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
