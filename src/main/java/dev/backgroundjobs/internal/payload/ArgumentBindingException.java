package dev.backgroundjobs.internal.payload;

/** A payload's arguments cannot be bound to the job's {@code perform} parameters. */
public class ArgumentBindingException extends Exception {

    private static final long serialVersionUID = 1L;

    public ArgumentBindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
