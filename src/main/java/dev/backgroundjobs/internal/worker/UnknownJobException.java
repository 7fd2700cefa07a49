package dev.backgroundjobs.internal.worker;

/** A payload names a job that this application does not deploy. */
public class UnknownJobException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnknownJobException(String message) {
        super(message);
    }
}
