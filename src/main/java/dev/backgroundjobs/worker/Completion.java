package dev.backgroundjobs.worker;

import dev.backgroundjobs.config.RetryPolicy;
import dev.backgroundjobs.payload.PayloadCodec;
import dev.backgroundjobs.redis.Fetched;
import dev.backgroundjobs.redis.JobStore;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes how a run ended: success, a retry scheduled in Redis per the job's policy, or a record in
 * Resque's failed list (at once for a payload that cannot run, else after the last attempt).
 */
final class Completion {

    private final JobStore store;

    Completion(JobStore store) {
        this.store = store;
    }

    /** What was recorded: when the next attempt is due, if a failure is retried. */
    record Recorded(Optional<Instant> nextAttempt) {

        static final Recorded ENDED = new Recorded(Optional.empty());
    }

    /** Records the outcome; throws the Redis failure, if any, for the caller to try again. */
    Recorded record(String workerId, Fetched fetched, JobRunner.Outcome outcome) {
        String statusKey = outcome.payload() != null && outcome.payload().id() != null
                ? store.keys().status(outcome.payload().id(), outcome.payload().statusPrefix())
                : null;
        Instant now = Instant.now();
        switch (outcome.kind()) {
            case SUCCEEDED -> {
                store.acknowledge(workerId, fetched, null, statusKey);
                return Recorded.ENDED;
            }
            case CANNOT_RUN -> {
                store.acknowledge(workerId, fetched,
                        FailureRecord.json(now, fetched.payload(), outcome.failure(), workerId, fetched.queue(), 1), statusKey);
                return Recorded.ENDED;
            }
            default -> {
                int attemptsMade = outcome.payload().attempts() + 1;
                if (outcome.job().policy().retries(outcome.failure(), attemptsMade)) {
                    RetryPolicy retry = outcome.job().policy().retry();
                    Instant due = now.plus(retry.delayAfter(attemptsMade, ThreadLocalRandom.current().nextDouble()));
                    // A payload without an id gets one now, so that each retry is a distinct entry with a status.
                    String id = outcome.payload().id() != null ? outcome.payload().id() : PayloadCodec.newJobId();
                    String next = PayloadCodec.nextAttempt(outcome.payload(), fetched.queue(), attemptsMade, now, due, id);
                    store.reschedule(workerId, fetched, next, due,
                            store.keys().status(id, outcome.payload().statusPrefix()));
                    return new Recorded(Optional.of(due));
                }
                store.acknowledge(workerId, fetched, FailureRecord.json(now, fetched.payload(), outcome.failure(),
                        workerId, fetched.queue(), attemptsMade), statusKey);
                return Recorded.ENDED;
            }
        }
    }
}
