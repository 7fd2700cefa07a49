package dev.backgroundjobs.it.memory;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Reports progress, then succeeds, or fails for good when asked to: nothing of it should stay in Redis but its failure. */
@BackgroundJob(queue = "memory", maxAttempts = 1)
public class UntrackedJob {

    @Inject
    JobContext context;

    @Inject
    Recorder recorder;

    public void perform(String topic, boolean fail) {
        context.reportProgress(50, "half way");
        recorder.record(topic, context.jobId());
        if (fail) {
            throw new IllegalStateException("failed on purpose");
        }
    }
}
