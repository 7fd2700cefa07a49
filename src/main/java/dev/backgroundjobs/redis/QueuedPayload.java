package dev.backgroundjobs.redis;

/** An encoded payload, the queue it goes to, and the status key of its job (null for none). */
public record QueuedPayload(String queue, String payload, String statusKey) {
}
