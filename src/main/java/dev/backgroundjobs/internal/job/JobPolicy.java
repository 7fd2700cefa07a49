package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.internal.config.RetryPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happens when a job fails or runs long, and whether it is unique: its retries, its time limit
 * and its uniqueness rule (each empty for none).
 */
public record JobPolicy(RetryPolicy retry, List<Class<? extends Throwable>> retryOn,
        List<Class<? extends Throwable>> noRetryOn, Optional<Duration> timeout, Optional<UniqueRule> unique) {

    public JobPolicy {
        retryOn = List.copyOf(retryOn);
        noRetryOn = List.copyOf(noRetryOn);
    }

    /** Whether a run that failed with {@code failure} after {@code attemptsMade} runs gets another one. */
    public boolean retries(Throwable failure, int attemptsMade) {
        if (attemptsMade >= retry.maxAttempts() || noRetryOn.stream().anyMatch(t -> t.isInstance(failure))) {
            return false;
        }
        return retryOn.isEmpty() || retryOn.stream().anyMatch(t -> t.isInstance(failure));
    }
}
