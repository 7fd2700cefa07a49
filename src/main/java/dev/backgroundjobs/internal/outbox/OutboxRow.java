package dev.backgroundjobs.internal.outbox;

import dev.backgroundjobs.internal.redis.QueuedPayload;

import java.time.Duration;
import java.time.Instant;

/**
 * A job kept in the outbox table until Redis has it: the payload as it will be queued, where and when
 * to, the unique key it takes, the namespace it belongs to (one table may serve several applications),
 * and when it was written, by the writing server's clock.
 */
public record OutboxRow(String jobId, String namespace, String queue, String payload, Instant runAt, String uniqueKey,
        Duration uniqueFor, Instant createdAt) {

    public static OutboxRow of(QueuedPayload job, String namespace, Instant createdAt) {
        return new OutboxRow(job.id(), namespace, job.queue(), job.payload(), job.runAt(), job.uniqueKey(),
                job.uniqueFor(), createdAt);
    }

    public QueuedPayload toPayload(String statusKey) {
        return new QueuedPayload(queue, payload, statusKey, jobId, runAt, uniqueKey, uniqueFor);
    }
}
