package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.BackgroundJob;

/** Fails for good at its first run. */
@BackgroundJob(queue = "ops", maxAttempts = 1)
public class BrokenJob {

    public void perform(String label) {
        throw new IllegalStateException("broken on purpose: " + label);
    }
}
