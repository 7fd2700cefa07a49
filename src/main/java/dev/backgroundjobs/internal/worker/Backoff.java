package dev.backgroundjobs.internal.worker;

import java.time.Duration;

/** Capped exponential delays between attempts to reach Redis again. */
final class Backoff {

    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MOST = Duration.ofSeconds(5);

    private Duration next = FIRST;

    Duration next() {
        Duration current = next;
        next = next.multipliedBy(2).compareTo(MOST) > 0 ? MOST : next.multipliedBy(2);
        return current;
    }

    void reset() {
        next = FIRST;
    }
}
