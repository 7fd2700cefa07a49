package dev.backgroundjobs.worker;

import dev.backgroundjobs.internal.Messages;
import jakarta.enterprise.concurrent.ManagedExecutorService;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs jobs that have a timeout on a task of their own, so the worker loop waits at most the timeout:
 * then the run is interrupted and counts as failed, and the loop goes on even if the job ignores the
 * interrupt. Runs still going after their interrupt are kept here for health data until they end.
 */
final class TimedRuns {

    private final JobRunner runner;
    private final Map<Long, String> stuck = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    TimedRuns(JobRunner runner) {
        this.runner = runner;
    }

    JobRunner.Outcome run(JobRunner.Prepared prepared, Duration timeout, ManagedExecutorService executor,
            String workerId) {
        long key = sequence.incrementAndGet();
        String description = prepared.job().name() + " on " + workerId + " since " + Instant.now();
        Future<JobRunner.Outcome> run = executor.submit(() -> {
            try {
                return runner.invoke(prepared);
            } finally {
                stuck.remove(key);
            }
        });
        try {
            return run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stuck.put(key, description);
            run.cancel(true);
            return new JobRunner.Outcome(JobRunner.Outcome.Kind.FAILED,
                    new JobTimeoutException(Messages.jobTimedOut(prepared.job().name(), timeout)), prepared.payload(),
                    prepared.job());
        } catch (InterruptedException e) {
            // The server is stopping past its grace period: the run is cut short and goes back to its queue.
            run.cancel(true);
            return new JobRunner.Outcome(JobRunner.Outcome.Kind.INTERRUPTED, e, prepared.payload(), prepared.job());
        } catch (ExecutionException e) {
            return new JobRunner.Outcome(JobRunner.Outcome.Kind.FAILED, e.getCause(), prepared.payload(), prepared.job());
        }
    }

    /** Runs that passed their timeout and still have not ended, each as "job on worker since time". */
    Map<Long, String> stuck() {
        return Map.copyOf(stuck);
    }
}
