package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.common.JsonText;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.payload.Payload;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The run of the calling thread, set by {@link JobRunner} around {@code perform} and read through
 * {@link RunContext}: a thread runs one job at a time, and {@code perform} runs on one thread.
 */
final class CurrentRun {

    private static final ThreadLocal<CurrentRun> RUN = new ThreadLocal<>();

    final String jobId;
    final String jobName;
    final String queue;
    final int attempt;
    final int maxAttempts;
    final Optional<Instant> enqueuedAt;
    final AtomicBoolean progressWritten;
    final RunControl control;
    /** When {@link RunContext#cancelRequested()} may ask Redis again, in nanoTime; touched by this thread only. */
    long nextCancelCheck;

    private CurrentRun(JobRunner.Prepared run) {
        Payload payload = run.payload();
        jobId = payload.id();
        jobName = payload.jobName();
        queue = run.fetched().queue();
        attempt = payload.attempts() + 1;
        maxAttempts = run.job().policy().retry().maxAttempts();
        enqueuedAt = JsonText.epochSeconds(payload.json().get("queue_time"));
        progressWritten = run.progressWritten();
        control = run.control();
        nextCancelCheck = System.nanoTime();
    }

    static CurrentRun begin(JobRunner.Prepared run) {
        CurrentRun current = new CurrentRun(run);
        RUN.set(current);
        return current;
    }

    static void end() {
        RUN.remove();
    }

    static CurrentRun get() {
        CurrentRun current = RUN.get();
        if (current == null) {
            throw new IllegalStateException(Messages.noCurrentRun(Thread.currentThread().getName()));
        }
        return current;
    }
}
