package dev.backgroundjobs.internal.redis;

import java.time.Instant;

/**
 * A job moved from {@code queue} to a worker's in-flight list at {@code fetchedAt}; {@code payload}
 * holds the bytes as read, which acknowledging needs unchanged.
 */
public record Fetched(String queue, byte[] payload, Instant fetchedAt) {
}
