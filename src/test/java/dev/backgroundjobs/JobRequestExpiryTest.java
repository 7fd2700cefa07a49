package dev.backgroundjobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JobRequestExpiryTest {

    static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    @Test
    void aRequestHasNoDeadlineUntilOneIsGiven() {
        assertNull(JobRequest.named("A").deadline(NOW));
    }

    @Test
    void expiresInCountsFromTheEnqueueAndExpiresAtIsTakenAsItIs() {
        assertEquals(NOW.plusSeconds(90), JobRequest.named("A").expiresIn(Duration.ofSeconds(90)).deadline(NOW));
        Instant deadline = Instant.parse("2026-12-03T09:00:00Z");
        assertEquals(deadline, JobRequest.named("A").expiresAt(deadline).deadline(NOW));
    }

    @Test
    void theLastOfTheTwoWinsAndOtherOptionsKeepIt() {
        Instant deadline = Instant.parse("2026-12-03T09:00:00Z");
        JobRequest request = JobRequest.named("A").expiresIn(Duration.ofSeconds(5)).expiresAt(deadline)
                .toQueue("q").in(Duration.ofSeconds(1)).at(NOW);

        assertEquals(deadline, request.deadline(NOW));
        assertEquals(NOW.plusSeconds(5), request.expiresIn(Duration.ofSeconds(5)).deadline(NOW));
        assertEquals("JobRequest[A to q at 2026-12-03T08:00:00Z expiring at 2026-12-03T09:00:00Z, 0 args]",
                request.toString());
    }

    @Test
    void anExpiryThatIsNotPositiveIsRefused() {
        assertEquals("the expiry PT0S is not positive", assertThrows(IllegalArgumentException.class,
                () -> JobRequest.named("A").expiresIn(Duration.ZERO)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> JobRequest.named("A").expiresIn(Duration.ofSeconds(-1)));
    }
}
