package dev.backgroundjobs.internal.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryPolicyTest {

    /** random = 0.5 is the middle of the jitter range: a factor of exactly 1. */
    private static final double NO_JITTER = 0.5;
    /** The largest double below 1, the top of the range random comes from. */
    private static final double HIGHEST_RANDOM = Math.nextDown(1.0);

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofHours(1));

    @ParameterizedTest
    @CsvSource({"1, 10", "2, 20", "3, 40", "4, 80", "9, 2560"})
    void delayDoublesWithEachAttemptStartingAtTheBackoff(int attemptsMade, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), policy.delayAfter(attemptsMade, NO_JITTER));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void noAttemptsYetWaitsTheBackoff(int attemptsMade) {
        assertEquals(Duration.ofSeconds(10), policy.delayAfter(attemptsMade, NO_JITTER));
    }

    @Test
    void delayIsCappedAtMaxBackoff() {
        // 10s * 2^9 = 2560s is the last step below the hour; 5120s is over it
        assertEquals(Duration.ofHours(1), policy.delayAfter(10, NO_JITTER));
    }

    @Test
    void backoffAboveMaxBackoffIsCapped() {
        RetryPolicy inverted = new RetryPolicy(5, Duration.ofMinutes(10), Duration.ofMinutes(1));
        assertEquals(Duration.ofMinutes(1), inverted.delayAfter(1, NO_JITTER));
    }

    @Test
    void lowestRandomGivesThreeQuartersOfTheDelay() {
        assertEquals(Duration.ofMillis(15_000), policy.delayAfter(2, 0.0));
    }

    @Test
    void highestRandomGivesFiveQuartersOfTheDelay() {
        assertEquals(Duration.ofMillis(25_000), policy.delayAfter(2, HIGHEST_RANDOM));
    }

    @Test
    void jitterIsLinearInRandom() {
        assertEquals(Duration.ofMillis(22_500), policy.delayAfter(2, 0.75));
    }

    @Test
    void jitterAppliesToTheCappedDelay() {
        assertEquals(Duration.ofMinutes(45), policy.delayAfter(20, 0.0));
    }

    @Test
    void delayIsRoundedToTheNearestMillisecond() {
        RetryPolicy small = new RetryPolicy(5, Duration.ofMillis(3), Duration.ofHours(1));
        // 3ms * 0.75 = 2.25ms
        assertEquals(Duration.ofMillis(2), small.delayAfter(1, 0.0));
    }

    @Test
    void delayIsNeverBelowOneMillisecond() {
        RetryPolicy zero = new RetryPolicy(5, Duration.ZERO, Duration.ZERO);
        assertEquals(Duration.ofMillis(1), zero.delayAfter(1, 0.0));
    }

    @Test
    void subMillisecondBackoffStillWaitsOneMillisecond() {
        RetryPolicy tiny = new RetryPolicy(5, Duration.ofNanos(400_000), Duration.ofHours(1));
        assertEquals(Duration.ofMillis(1), tiny.delayAfter(1, 0.0));
    }

    @ParameterizedTest
    @ValueSource(ints = {31, 32, 33, 63, 64, 65, 1_000, Integer.MAX_VALUE})
    void largeAttemptCountsStayAtMaxBackoff(int attemptsMade) {
        assertEquals(Duration.ofHours(1), policy.delayAfter(attemptsMade, NO_JITTER));
    }

    @Test
    void largeAttemptCountsWithLowestRandomStayAtThreeQuartersOfMaxBackoff() {
        assertEquals(Duration.ofMinutes(45), policy.delayAfter(Integer.MAX_VALUE, 0.0));
    }

    @Test
    void hugeBackoffDoubledPastLongRangeIsCappedAtMaxBackoff() {
        // 2^34 ms (about 199 days) doubled 30 times is 2^64 ms: the shift wraps to 0 unless overflow is caught
        RetryPolicy huge = new RetryPolicy(50, Duration.ofMillis(1L << 34), Duration.ofDays(365));
        assertEquals(Duration.ofDays(365), huge.delayAfter(40, NO_JITTER));
    }
}
