package dev.backgroundjobs.internal.redis;

import java.time.Duration;
import java.time.Instant;

/**
 * An encoded job on its way to Redis: its queue, payload, status key (null for none) and id; when it
 * is due (null for now); and for a unique job the key it holds and for how long (null for none).
 */
public record QueuedPayload(String queue, String payload, String statusKey, String id, Instant runAt,
        String uniqueKey, Duration uniqueFor) {

    /** A job due now, without uniqueness. */
    public static QueuedPayload now(String queue, String payload, String statusKey, String id) {
        return new QueuedPayload(queue, payload, statusKey, id, null, null, null);
    }

    /** Due now, untracked and not unique: nothing to write for it but its payload. */
    public boolean plain() {
        return runAt == null && statusKey == null && uniqueKey == null;
    }
}
