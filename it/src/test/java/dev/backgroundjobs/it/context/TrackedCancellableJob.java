package dev.backgroundjobs.it.context;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** {@link CancellableJob} with its status tracked, asked for by its annotation. */
@BackgroundJob(queue = "context-long", trackStatus = true)
public class TrackedCancellableJob {

    @Inject
    JobContext context;

    @Inject
    Recorder recorder;

    public void perform(String topic, int steps) throws InterruptedException {
        new CancellableJob.Steps(context, recorder).run(topic, steps);
    }
}
