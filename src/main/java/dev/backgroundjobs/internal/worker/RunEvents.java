package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.event.JobCancelled;
import dev.backgroundjobs.event.JobDead;
import dev.backgroundjobs.event.JobFailed;
import dev.backgroundjobs.event.JobRetried;
import dev.backgroundjobs.event.JobStarted;
import dev.backgroundjobs.event.JobSucceeded;
import dev.backgroundjobs.internal.common.JsonText;
import dev.backgroundjobs.internal.lifecycle.JobEvents;
import dev.backgroundjobs.internal.payload.Payload;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.Fetched;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Turns what a worker loop sees of a run into job events. */
final class RunEvents {

    private final JobEvents events;

    RunEvents(JobEvents events) {
        this.events = events;
    }

    void started(Fetched job, JobRunner.Prepared prepared) {
        Payload payload = prepared.payload();
        events.publish(new JobStarted(payload.id(), payload.jobName(), job.queue(), arguments(prepared),
                payload.attempts() + 1, queueWait(payload, job.fetchedAt())));
    }

    /** A recorded end of a run; {@code nextAttempt} is present when a failure is retried. */
    void ended(Fetched job, JobRunner.Prepared prepared, JobRunner.Outcome outcome, Duration duration,
            Optional<Instant> nextAttempt) {
        Payload payload = outcome.payload();
        String id = payload == null ? null : payload.id();
        String name = payload == null ? null : payload.jobName();
        int attempt = payload == null ? 1 : payload.attempts() + 1;
        List<Object> arguments = prepared == null ? List.of() : arguments(prepared);
        if (outcome.kind() == JobRunner.Outcome.Kind.SUCCEEDED) {
            events.publish(new JobSucceeded(id, name, job.queue(), arguments, attempt, duration));
            return;
        }
        if (outcome.kind() == JobRunner.Outcome.Kind.CANCELLED) {
            events.publish(new JobCancelled(id, name, job.queue(), arguments, attempt, duration));
            return;
        }
        events.publish(new JobFailed(id, name, job.queue(), arguments, attempt, duration, outcome.failure()));
        if (nextAttempt.isPresent()) {
            events.publish(new JobRetried(id, name, job.queue(), arguments, attempt, nextAttempt.get(), outcome.failure()));
        } else {
            events.publish(new JobDead(id, name, job.queue(), arguments, attempt, outcome.failure()));
        }
    }

    private static List<Object> arguments(JobRunner.Prepared prepared) {
        return Collections.unmodifiableList(Arrays.asList(prepared.args().clone()));
    }

    /**
     * From when the job could first run (its retry's due time, else its queue time) to its fetch;
     * zero when the producer wrote neither.
     */
    static Duration queueWait(Payload payload, Instant fetchedAt) {
        JsonValue dueAt = payload.json().get(PayloadCodec.DUE_AT);
        JsonValue since = dueAt instanceof JsonNumber ? dueAt : payload.json().get("queue_time");
        return JsonText.epochSeconds(since).map(from -> Duration.between(from, fetchedAt))
                .filter(wait -> !wait.isNegative()).orElse(Duration.ZERO);
    }
}
