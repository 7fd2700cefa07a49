package dev.backgroundjobs.it.tracing;

import dev.backgroundjobs.BackgroundJob;

import java.util.concurrent.atomic.AtomicInteger;

/** Fails its first run and succeeds its retry: two CONSUMER spans, the second linked to the job's context. */
@BackgroundJob(queue = "traced", maxAttempts = 2, backoff = "200ms")
public class FailsOnceJob {

    static final String MESSAGE = "the first run fails";
    /** Runs in this server; the test sends this job once. */
    private static final AtomicInteger RUNS = new AtomicInteger();

    public void perform(String label) {
        if (RUNS.getAndIncrement() == 0) {
            throw new IllegalStateException(MESSAGE);
        }
    }
}
