package dev.backgroundjobs.internal.worker;

/** The failure recorded for a payload that ended worker loops; its cause is what ended the last one. */
final class QuarantinedPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    QuarantinedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
