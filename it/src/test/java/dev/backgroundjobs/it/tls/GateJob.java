package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/** A tracked job that reports 50 % and waits until its gate opens or it is asked to stop. */
@BackgroundJob(queue = "tls", trackStatus = true)
public class GateJob {

    @Inject
    JobContext context;

    @Inject
    Recorder recorder;

    public void perform(String gate) throws InterruptedException {
        context.reportProgress(50, "half way");
        while (!recorder.gate(gate).await(50, TimeUnit.MILLISECONDS)) {
            if (context.cancelRequested()) {
                recorder.record("ran", gate + "-cancelled");
                return;
            }
        }
        recorder.record("ran", gate + "-done");
    }
}
