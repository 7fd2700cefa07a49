package dev.backgroundjobs.it.cancel;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Works in steps of 100 ms, reporting progress after each, and stops where it can once asked to. */
@BackgroundJob(queue = "cancel-run")
public class StepsJob {

    @Inject
    JobContext context;

    @Inject
    Recorder recorder;

    public void perform(String topic, int steps) throws InterruptedException {
        for (int step = 1; step <= steps; step++) {
            if (context.cancelRequested()) {
                recorder.record(topic, "cancelled after " + (step - 1));
                return;
            }
            Thread.sleep(100);
            context.reportProgress(step * 100 / steps, "step " + step + " of " + steps);
        }
        recorder.record(topic, "done");
    }
}
