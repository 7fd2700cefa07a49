package dev.backgroundjobs.it.context;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Records what its JobContext says of each run, failing its first {@code failures} runs. */
@BackgroundJob(queue = "context", maxAttempts = 3, backoff = "200ms")
public class ContextJob {

    @Inject
    JobContext context;

    @Inject
    Recorder recorder;

    public void perform(String topic, int failures) {
        recorder.record(topic, new SeenRun(context.jobId(), context.jobName(), context.queue(), context.attempt(),
                context.maxAttempts(), context.enqueuedAt().orElse(null)));
        if (context.attempt() <= failures) {
            throw new IllegalStateException("failing attempt " + context.attempt());
        }
    }
}
