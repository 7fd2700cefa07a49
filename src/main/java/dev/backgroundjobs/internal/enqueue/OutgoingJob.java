package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.internal.redis.QueuedPayload;

/** A job on its way to Redis, with the event to publish once Redis has taken it. */
record OutgoingJob(QueuedPayload payload, JobEnqueued enqueued) {
}
