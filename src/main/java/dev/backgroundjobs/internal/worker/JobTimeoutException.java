package dev.backgroundjobs.internal.worker;

/** A run took longer than its job's timeout and was interrupted. */
public class JobTimeoutException extends Exception {

    private static final long serialVersionUID = 1L;

    public JobTimeoutException(String message) {
        super(message);
    }
}
