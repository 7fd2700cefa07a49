package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.common.Messages;
import jakarta.enterprise.concurrent.ManagedExecutorService;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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
    /** Every run that has not ended yet; a run's own task removes it, whenever it ends. */
    private final Map<Long, Run> running = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private static final class Run {
        final String description;
        volatile boolean started;
        volatile boolean pastTimeout;

        Run(String description) {
            this.description = description;
        }
    }

    TimedRuns(JobRunner runner) {
        this.runner = runner;
    }

    /**
     * @throws RejectedExecutionException when the executor takes no task; the job did not start
     */
    JobRunner.Outcome run(JobRunner.Prepared prepared, Duration timeout, ManagedExecutorService executor,
            String workerId) {
        long key = sequence.incrementAndGet();
        Run entry = new Run(prepared.job().name() + " on " + workerId + " since " + Instant.now());
        running.put(key, entry);
        Future<JobRunner.Outcome> run;
        try {
            run = executor.submit(() -> {
                entry.started = true;
                try {
                    return runner.invoke(prepared);
                } finally {
                    running.remove(key);
                }
            });
        } catch (RuntimeException e) {
            running.remove(key);
            throw e;
        }
        try {
            return run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            // Listed only while the run is still there and had started: one that ended meanwhile leaves
            // nothing behind, and one cancelled before it started will never run to remove itself.
            running.computeIfPresent(key, (ignored, stillRunning) -> {
                stillRunning.pastTimeout = true;
                return stillRunning.started ? stillRunning : null;
            });
            // A run asked to stop ends as cancelled, whether its timeout or its cancel grace came first.
            return new JobRunner.Outcome(prepared.control().cancelRequested() ? JobRunner.Outcome.Kind.CANCELLED
                    : JobRunner.Outcome.Kind.FAILED,
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
    List<String> stuck() {
        return running.values().stream().filter(run -> run.pastTimeout).map(run -> run.description).toList();
    }
}
