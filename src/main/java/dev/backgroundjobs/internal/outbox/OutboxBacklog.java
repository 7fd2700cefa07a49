package dev.backgroundjobs.internal.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The rows waiting in the outbox, and when the oldest of them was written (empty when none waits). */
public record OutboxBacklog(long rows, Optional<Instant> oldest) {

    /** How long the oldest row has waited; zero when none waits (or its writer's clock is ahead). */
    public Duration oldestAge(Instant now) {
        return oldest.map(written -> Duration.between(written, now)).filter(age -> !age.isNegative())
                .orElse(Duration.ZERO);
    }
}
