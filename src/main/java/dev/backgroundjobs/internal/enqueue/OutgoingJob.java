package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import dev.backgroundjobs.internal.tracing.JobTracer;

/** A job on its way to Redis, with the event to publish once Redis has taken it, and its PRODUCER span. */
record OutgoingJob(QueuedPayload payload, JobEnqueued enqueued, JobTracer.Publish trace) {

    OutgoingJob(QueuedPayload payload, JobEnqueued enqueued) {
        this(payload, enqueued, JobTracer.Publish.NONE);
    }
}
