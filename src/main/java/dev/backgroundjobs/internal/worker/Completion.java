package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.failures.FailureRecord;

import dev.backgroundjobs.internal.config.RetryPolicy;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.Fetched;
import dev.backgroundjobs.internal.redis.Keys;
import dev.backgroundjobs.internal.redis.QueueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides how a run ended, as Redis is to record it: success, a retry scheduled per the job's policy,
 * a record in Resque's failed list (at once for a payload that cannot run, else after the last
 * attempt), or a cancelled run (neither failed nor retried). It touches no Redis: the loop writes the end alone or with its next fetch.
 */
final class Completion {

    private final QueueStore queues;
    private final Keys keys;

    Completion(QueueStore queues, Keys keys) {
        this.queues = queues;
        this.keys = keys;
    }

    /** The end of a run to write, and when the next attempt is due if a failure is retried. */
    record Plan(QueueStore.RunEnd end, Optional<Instant> nextAttempt) {
    }

    /** {@code progressWritten}: the run reported progress, which goes with it unless its status is tracked. */
    Plan plan(String workerId, Fetched fetched, JobRunner.Outcome outcome, boolean progressWritten) {
        String jobId = outcome.payload() != null ? outcome.payload().id() : null;
        String statusKey = jobId != null ? keys.status(jobId, outcome.payload().statusPrefix()) : null;
        String progressKey = jobId != null && progressWritten ? keys.progress(jobId) : null;
        Instant now = Instant.now();
        switch (outcome.kind()) {
            case SUCCEEDED -> {
                QueueStore.RunEnd end = queues.succeeded(workerId, fetched, statusKey, progressKey);
                return new Plan(outcome.nextStep() == null ? end : end.followedBy(outcome.nextStep()), Optional.empty());
            }
            case CANCELLED -> {
                return new Plan(queues.cancelled(workerId, fetched, statusKey, progressKey,
                        keys.cancelRequest(jobId)), Optional.empty());
            }
            case CANNOT_RUN -> {
                return new Plan(queues.failed(workerId, fetched,
                        FailureRecord.json(now, fetched.payload(), outcome.failure(), workerId, fetched.queue(), 1),
                        statusKey, progressKey), Optional.empty());
            }
            default -> {
                int attemptsMade = outcome.payload().attempts() + 1;
                if (outcome.job().policy().retries(outcome.failure(), attemptsMade)) {
                    RetryPolicy retry = outcome.job().policy().retry();
                    Duration delay = retry.delayAfter(attemptsMade, ThreadLocalRandom.current().nextDouble());
                    Instant due = now.plus(delay);
                    // A payload without an id gets one now, so that each retry is a distinct entry with a status.
                    String id = outcome.payload().id() != null ? outcome.payload().id() : PayloadCodec.newJobId();
                    String next = PayloadCodec.nextAttempt(outcome.payload(), fetched.queue(), attemptsMade, now, due, id);
                    return new Plan(queues.retry(workerId, fetched, next, delay,
                            keys.status(id, outcome.payload().statusPrefix()), progressKey), Optional.of(due));
                }
                return new Plan(queues.failed(workerId, fetched, FailureRecord.json(now, fetched.payload(),
                        outcome.failure(), workerId, fetched.queue(), attemptsMade), statusKey, progressKey),
                        Optional.empty());
            }
        }
    }
}
