package dev.backgroundjobs.redis;

/** An encoded payload and the queue it goes to. */
public record QueuedPayload(String queue, String payload) {
}
