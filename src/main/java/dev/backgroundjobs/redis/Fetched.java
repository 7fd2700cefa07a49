package dev.backgroundjobs.redis;

/** A job moved from {@code queue} to a worker's in-flight list; {@code payload} holds the bytes as read. */
public record Fetched(String queue, byte[] payload) {
}
