package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.BackgroundJob;

/** Succeeds, or fails on each of its two attempts. */
@BackgroundJob(queue = "events", maxAttempts = 2, backoff = "200ms")
public class EventfulJob {

    public void perform(String label, boolean fail) {
        if (fail) {
            throw new IllegalStateException("failing as asked: " + label);
        }
    }
}
