package dev.backgroundjobs.it.memory;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** A job whose status the deployment's background-jobs.track-status names. */
@BackgroundJob(queue = "memory")
public class TrackedJob {

    @Inject
    JobContext context;

    @Inject
    Recorder recorder;

    public void perform(String topic) {
        context.reportProgress(100, "done");
        recorder.record(topic, context.jobId());
    }
}
