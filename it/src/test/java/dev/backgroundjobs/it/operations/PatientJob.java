package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.BackgroundJob;

/** Fails, and waits an hour for its retry: it stays in the retry set while the test looks. */
@BackgroundJob(queue = "ops", maxAttempts = 3, backoff = "1h")
public class PatientJob {

    public void perform(String label) {
        throw new IllegalStateException("not yet: " + label);
    }
}
