package dev.backgroundjobs.enqueue;

import dev.backgroundjobs.JobEnqueued;
import dev.backgroundjobs.redis.QueuedPayload;

/** A job on its way to Redis, with the event to publish once Redis has taken it. */
record OutgoingJob(QueuedPayload payload, JobEnqueued enqueued) {
}
