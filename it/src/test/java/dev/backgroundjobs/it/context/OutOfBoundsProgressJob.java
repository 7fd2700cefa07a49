package dev.backgroundjobs.it.context;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Reports progress the context refuses, and records what it was told. */
@BackgroundJob(queue = "context")
public class OutOfBoundsProgressJob {

    @Inject
    JobContext context;

    @Inject
    Recorder recorder;

    public void perform(String topic) {
        for (Runnable report : new Runnable[] {
                () -> context.reportProgress(101, null),
                () -> context.reportProgress(-1, "before the start"),
                () -> context.reportProgress(50, "x".repeat(1_001)) }) {
            try {
                report.run();
                recorder.record(topic, "accepted");
            } catch (IllegalArgumentException refused) {
                recorder.record(topic, refused.getMessage());
            }
        }
    }
}
