package dev.backgroundjobs.internal.config;

import java.time.Duration;

/**
 * How often a failing job runs and how long it waits between runs: the n-th retry waits
 * {@code backoff * 2^(n-1)}, at most {@code maxBackoff}, with up to 25% jitter either way.
 */
public record RetryPolicy(int maxAttempts, Duration backoff, Duration maxBackoff) {

    /** The delay before the retry that follows {@code attemptsMade} failed runs, with jitter from {@code random} in [0,1). */
    public Duration delayAfter(int attemptsMade, double random) {
        int doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
        long most = maxBackoff.toMillis();
        // Compared before shifting, so a huge backoff cannot wrap around past the cap.
        long base = backoff.toMillis() > (most >> doublings) ? most : Math.min(backoff.toMillis() << doublings, most);
        long jittered = Math.round(base * (0.75 + 0.5 * random));
        return Duration.ofMillis(Math.max(1, jittered));
    }
}
