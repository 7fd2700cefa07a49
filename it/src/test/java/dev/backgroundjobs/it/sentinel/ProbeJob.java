package dev.backgroundjobs.it.sentinel;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import jakarta.inject.Inject;

/**
 * Counts its run under its job id, in the application's memory, which a Redis failover does not touch; its 5 ms
 * make four workers slower than the enqueues, so that jobs wait in the queue when the master dies.
 */
@BackgroundJob(queue = "probe")
public class ProbeJob {

    @Inject
    JobContext context;

    @Inject
    ProbeRuns runs;

    public void perform(int sequence) throws InterruptedException {
        runs.ran(context.jobId());
        Thread.sleep(5);
    }
}
