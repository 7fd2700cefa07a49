package dev.backgroundjobs.internal.payload;

/** Bytes taken from a queue that are not a Resque job payload. */
public class MalformedPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
