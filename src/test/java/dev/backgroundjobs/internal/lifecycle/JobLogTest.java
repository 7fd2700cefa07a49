package dev.backgroundjobs.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backgroundjobs.event.JobDead;
import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.event.JobEvent;
import dev.backgroundjobs.event.JobFailed;
import dev.backgroundjobs.event.JobRetried;
import dev.backgroundjobs.event.JobStarted;
import dev.backgroundjobs.event.JobSucceeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;

class JobLogTest {

    private static final List<Object> ARGS = List.of(7);

    @Test
    void enqueuedLineLeadsWithTheIdAndNamesTheRunTime() {
        assertEquals("BGJ0100I: job enqueued: id=abc name=SendMail queue=mail run_at=2026-11-27T10:00:00Z",
                JobLog.line(new JobEnqueued("abc", "SendMail", "mail", ARGS, Optional.of(Instant.parse("2026-11-27T10:00:00Z")))));
    }

    @Test
    void runLinesCarryAttemptAndTimes() {
        assertEquals("BGJ0101I: job started: id=abc name=SendMail queue=mail attempt=2 wait_ms=1500",
                JobLog.line(new JobStarted("abc", "SendMail", "mail", ARGS, 2, Duration.ofMillis(1500))));
        assertEquals("BGJ0102I: job succeeded: id=abc name=SendMail queue=mail attempt=1 duration_ms=42",
                JobLog.line(new JobSucceeded("abc", "SendMail", "mail", ARGS, 1, Duration.ofMillis(42))));
    }

    @Test
    void failureValuesWithSpacesOrQuotesAreQuotedSoTheLineSplitsBackIntoPairs() {
        assertEquals("BGJ0103I: job failed: id=abc name=SendMail queue=mail attempt=1 duration_ms=3 "
                        + "exception=java.lang.IllegalStateException error=\"SMTP \\\"down\\\"\\nretry later\"",
                JobLog.line(new JobFailed("abc", "SendMail", "mail", ARGS, 1, Duration.ofMillis(3),
                        new IllegalStateException("SMTP \"down\"\nretry later"))));
    }

    @Test
    void retryAndDeadLinesNameTheNextAttemptAndTheAttemptsMade() {
        Exception failure = new RuntimeException("boom");
        assertEquals("BGJ0104W: job retry scheduled: id=abc name=J queue=q attempt=1 next_attempt_at=2026-11-27T10:00:10Z "
                        + "exception=java.lang.RuntimeException error=boom",
                JobLog.line(new JobRetried("abc", "J", "q", ARGS, 1, Instant.parse("2026-11-27T10:00:10Z"), failure)));
        assertEquals("BGJ0105W: job dead: id=null name=null queue=q attempts=3 exception=java.lang.RuntimeException error=boom",
                JobLog.line(new JobDead(null, null, "q", List.of(), 3, failure)));
    }

    @Test
    void frequentEventsLogAtFineAndFailuresHigher() {
        assertEquals(Level.FINE, JobLog.level(new JobSucceeded("a", "J", "q", ARGS, 1, Duration.ZERO)));
        assertEquals(Level.FINE, JobLog.level(new JobFailed("a", "J", "q", ARGS, 1, Duration.ZERO, null)));
        assertEquals(Level.WARNING, JobLog.level(new JobRetried("a", "J", "q", ARGS, 1, Instant.EPOCH, null)));
        assertEquals(Level.WARNING, JobLog.level(new JobDead("a", "J", "q", ARGS, 1, null)));
    }

    /** A line's level is the one its message id's letter names: W at WARNING, I at INFO or below. */
    @ParameterizedTest
    @MethodSource("everyEvent")
    void eachLinesLevelMatchesTheLetterOfItsMessageId(JobEvent event) {
        String line = JobLog.line(event);
        char letter = line.charAt(line.indexOf(':') - 1);
        Level level = JobLog.level(event);

        switch (letter) {
            case 'W' -> assertEquals(Level.WARNING, level, line);
            case 'E' -> assertEquals(Level.SEVERE, level, line);
            case 'I' -> assertTrue(level.intValue() <= Level.INFO.intValue(), line);
            default -> throw new AssertionError("no severity letter in " + line);
        }
    }

    static Stream<JobEvent> everyEvent() {
        RuntimeException failure = new RuntimeException("boom");
        return Stream.of(new JobEnqueued("a", "J", "q", ARGS, Optional.empty()),
                new JobStarted("a", "J", "q", ARGS, 1, Duration.ZERO),
                new JobSucceeded("a", "J", "q", ARGS, 1, Duration.ZERO),
                new JobFailed("a", "J", "q", ARGS, 1, Duration.ZERO, failure),
                new JobRetried("a", "J", "q", ARGS, 1, Instant.EPOCH, failure),
                new JobDead("a", "J", "q", ARGS, 1, failure));
    }
}
