package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.BackgroundJob;

/** Succeeds; waits a moment when asked, so a worker can be seen running it. */
@BackgroundJob(queue = "ops")
public class OpsJob {

    public void perform(String label, long holdMillis) throws InterruptedException {
        Thread.sleep(holdMillis);
    }
}
