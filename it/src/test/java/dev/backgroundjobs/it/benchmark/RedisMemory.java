package dev.backgroundjobs.it.benchmark;

import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.time.Duration;

/** Redis's own count of the bytes it has allocated ({@code used_memory} of {@code INFO memory}). */
final class RedisMemory {

    /**
     * A deployment's housekeeper writes a few hundred bytes now and then (heartbeats, per-minute
     * counts): changes below this, over one look, count as settled.
     */
    private static final double SETTLED_BYTES = 4096;
    private static final Duration LOOK = Duration.ofSeconds(1);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);

    private RedisMemory() {
    }

    static long usedBytes(RedisClient redis) {
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("INFO memory of this Redis has no used_memory line");
    }

    /** {@code used_memory} once it has stopped changing (freed client buffers, the last finishes written), at most 20 s. */
    static long settledBytes(RedisClient redis) throws IOException, InterruptedException {
        return (long) Settling.await(() -> usedBytes(redis), SETTLED_BYTES, LOOK, SETTLE_LIMIT);
    }
}
