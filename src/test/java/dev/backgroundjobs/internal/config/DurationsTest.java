package dev.backgroundjobs.internal.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationsTest {

    @Test
    void milliseconds() {
        assertEquals(Optional.of(Duration.ofMillis(500)), Durations.parse("500ms"));
    }

    @Test
    void seconds() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), Durations.parse("5s"));
    }

    @Test
    void minutes() {
        assertEquals(Optional.of(Duration.ofMinutes(2)), Durations.parse("2m"));
    }

    @Test
    void hours() {
        assertEquals(Optional.of(Duration.ofHours(1)), Durations.parse("1h"));
    }

    @Test
    void zero() {
        assertEquals(Optional.of(Duration.ZERO), Durations.parse("0s"));
    }

    @Test
    void isoDuration() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), Durations.parse("PT5S"));
    }

    @Test
    void isoDurationWithDaysAndFractions() {
        assertEquals(Optional.of(Duration.ofDays(1).plusMinutes(30).plusMillis(250)), Durations.parse("P1DT30M0.25S"));
    }

    @Test
    void unitIsCaseInsensitive() {
        assertEquals(Optional.of(Duration.ofMillis(500)), Durations.parse("500MS"));
    }

    @Test
    void isoDurationIsCaseInsensitive() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), Durations.parse("pt5s"));
    }

    @Test
    void surroundingWhitespaceAndSpaceBeforeTheUnitAreAllowed() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), Durations.parse("  5 s\t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "soon", "5", "ms", "5x", "1d", "5 seconds", "1.5s", "-5s", "5s5", "s5", "PT", "P5"})
    void garbageIsEmpty(String value) {
        assertEquals(Optional.empty(), Durations.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999ms", "9223372036854775807h", "9223372036854775807m",
            "PT99999999999999999999S"})
    void overflowIsEmpty(String value) {
        assertEquals(Optional.empty(), Durations.parse(value));
    }

    @Test
    void largestMillisecondCountParses() {
        assertEquals(Optional.of(Duration.ofMillis(Long.MAX_VALUE)), Durations.parse(Long.MAX_VALUE + "ms"));
    }
}
