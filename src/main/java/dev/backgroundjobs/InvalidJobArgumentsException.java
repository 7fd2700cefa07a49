package dev.backgroundjobs;

/**
 * The arguments given at enqueue time do not fit the job's {@code perform} parameters: a wrong count,
 * or a value JSON-B would not read back as the parameter's type. Thrown by {@link JobQueue} before
 * anything is sent, also inside a transaction.
 */
public class InvalidJobArgumentsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the job, the parameter and the expected and given types
     */
    public InvalidJobArgumentsException(String message) {
        super(message);
    }
}
