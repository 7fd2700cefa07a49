package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.BackgroundJob;

/** Runs about 20 ms, and fails when asked (once: no retries). */
@BackgroundJob(queue = "metered", maxAttempts = 1)
public class MeteredJob {

    public void perform(boolean fail) throws InterruptedException {
        Thread.sleep(20);
        if (fail) {
            throw new IllegalStateException("metered failure");
        }
    }
}
