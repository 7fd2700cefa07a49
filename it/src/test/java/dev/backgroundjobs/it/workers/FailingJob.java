package dev.backgroundjobs.it.workers;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob(queue = "misc")
public class FailingJob {

    public void perform(String message) {
        throw new IllegalStateException(message);
    }
}
