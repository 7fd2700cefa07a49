package dev.backgroundjobs.internal.config;

import java.time.Duration;

/**
 * After each enqueue, wait for this many replicas to acknowledge it (Redis {@code WAIT}), at most
 * {@code timeout}; {@code replicas} 0 waits for none.
 */
public record ReplicaWait(int replicas, Duration timeout) {

    public static final String DEFAULT_TIMEOUT = "1s";

    public boolean enabled() {
        return replicas > 0;
    }
}
