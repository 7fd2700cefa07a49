package dev.backgroundjobs.internal.redis;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * Redis's time as this server best knows it: its own clock, corrected by how far Redis's clock was
 * ahead at the housekeeper's last look. Times that several servers compare (recurring times, the
 * outbox's row ages and leases) are taken from here, so a server whose clock is off does not judge them by it. Until Redis
 * has answered once, it is this server's clock.
 */
@ApplicationScoped
public class RedisClock {

    private volatile Duration ahead = Duration.ZERO;

    public Instant now() {
        return Instant.now().plus(ahead);
    }

    /** A time of Redis's clock (such as the next recurring time) as this server's clock shows it. */
    public Instant toLocal(Instant redisTime) {
        return redisTime.minus(ahead);
    }

    void observed(Duration redisAhead) {
        ahead = redisAhead;
    }
}
