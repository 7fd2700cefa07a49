package dev.backgroundjobs.it.context;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/**
 * Works in steps of 50 ms, reporting its progress after each, until it is asked to stop or has done
 * {@code steps} steps; records how it ended.
 */
@BackgroundJob(queue = "context-long")
public class CancellableJob {

    @Inject
    JobContext context;

    @Inject
    Recorder recorder;

    public void perform(String topic, int steps) throws InterruptedException {
        new Steps(context, recorder).run(topic, steps);
    }

    record Steps(JobContext context, Recorder recorder) {

        void run(String topic, int steps) throws InterruptedException {
            for (int step = 1; step <= steps; step++) {
                if (context.cancelRequested()) {
                    recorder.record(topic, "cancelled after " + (step - 1));
                    return;
                }
                Thread.sleep(50);
                context.reportProgress(step * 100 / steps, "step " + step + " of " + steps);
            }
            recorder.record(topic, "done");
        }
    }
}
