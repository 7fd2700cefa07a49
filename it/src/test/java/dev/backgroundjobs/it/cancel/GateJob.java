package dev.backgroundjobs.it.cancel;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/** Holds the single worker of its queue until the test opens the gate, so jobs wait behind it. */
@BackgroundJob(queue = "cancel-one")
public class GateJob {

    @Inject
    Recorder recorder;

    public void perform(String gate) throws InterruptedException {
        recorder.record(gate + "-started", gate);
        if (!recorder.gate(gate).await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate " + gate + " never opened");
        }
    }
}
