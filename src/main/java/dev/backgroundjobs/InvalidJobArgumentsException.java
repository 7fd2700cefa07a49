package dev.backgroundjobs;

/** The arguments given at enqueue time do not fit the job's {@code perform} parameters. */
public class InvalidJobArgumentsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidJobArgumentsException(String message) {
        super(message);
    }
}
