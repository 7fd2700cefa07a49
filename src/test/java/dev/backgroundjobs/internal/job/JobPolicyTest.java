package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.internal.config.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobPolicyTest {

    private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofHours(1));

    private static JobPolicy policy(List<Class<? extends Throwable>> retryOn,
            List<Class<? extends Throwable>> noRetryOn) {
        return new JobPolicy(THREE_ATTEMPTS, retryOn, noRetryOn, Optional.empty(), Optional.empty());
    }

    private static JobPolicy anyFailure() {
        return policy(List.of(), List.of());
    }

    @Test
    void retriesBeforeTheLastAttempt() {
        assertTrue(anyFailure().retries(new RuntimeException(), 2));
    }

    @Test
    void doesNotRetryOnceMaxAttemptsAreMade() {
        assertFalse(anyFailure().retries(new RuntimeException(), 3));
    }

    @Test
    void doesNotRetryBeyondMaxAttempts() {
        assertFalse(anyFailure().retries(new RuntimeException(), 4));
    }

    @Test
    void oneAttemptMeansNoRetries() {
        JobPolicy once = new JobPolicy(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                List.of(), List.of(), Optional.empty(), Optional.empty());
        assertFalse(once.retries(new RuntimeException(), 1));
    }

    @Test
    void checkedExceptionsAndErrorsAreRetriedWithoutLists() {
        assertTrue(anyFailure().retries(new IOException(), 1));
        assertTrue(anyFailure().retries(new AssertionError(), 1));
    }

    @Test
    void noRetryOnFailsAtOnce() {
        JobPolicy policy = policy(List.of(), List.of(IllegalArgumentException.class));
        assertFalse(policy.retries(new IllegalArgumentException(), 1));
    }

    @Test
    void noRetryOnCoversSubclasses() {
        JobPolicy policy = policy(List.of(), List.of(IllegalArgumentException.class));
        assertFalse(policy.retries(new NumberFormatException(), 1));
    }

    @Test
    void noRetryOnLeavesOtherFailuresRetried() {
        JobPolicy policy = policy(List.of(), List.of(IllegalArgumentException.class));
        assertTrue(policy.retries(new IllegalStateException(), 1));
    }

    @Test
    void noRetryOnDoesNotCoverSuperclasses() {
        JobPolicy policy = policy(List.of(), List.of(NumberFormatException.class));
        assertTrue(policy.retries(new IllegalArgumentException(), 1));
    }

    @Test
    void retryOnRetriesListedFailures() {
        JobPolicy policy = policy(List.of(UncheckedIOException.class), List.of());
        assertTrue(policy.retries(new UncheckedIOException(new IOException()), 1));
    }

    @Test
    void retryOnCoversSubclasses() {
        JobPolicy policy = policy(List.of(IllegalArgumentException.class), List.of());
        assertTrue(policy.retries(new NumberFormatException(), 1));
    }

    @Test
    void retryOnFailsOtherFailuresAtOnce() {
        JobPolicy policy = policy(List.of(UncheckedIOException.class), List.of());
        assertFalse(policy.retries(new IllegalStateException(), 1));
    }

    @Test
    void retryOnStillStopsAtMaxAttempts() {
        JobPolicy policy = policy(List.of(IllegalStateException.class), List.of());
        assertFalse(policy.retries(new IllegalStateException(), 3));
    }

    @Test
    void noRetryOnWinsOverRetryOn() {
        JobPolicy policy = policy(List.of(RuntimeException.class), List.of(IllegalStateException.class));
        assertFalse(policy.retries(new IllegalStateException(), 1));
    }

    @Test
    void noRetryOnWinsOverTheSameClassInRetryOn() {
        JobPolicy policy = policy(List.of(IllegalStateException.class), List.of(IllegalStateException.class));
        assertFalse(policy.retries(new IllegalStateException(), 1));
    }
}
