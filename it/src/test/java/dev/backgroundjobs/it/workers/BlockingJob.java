package dev.backgroundjobs.it.workers;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/** Holds its worker until the test opens the gate, so jobs pile up behind it. */
@BackgroundJob(queue = "prio-high")
public class BlockingJob {

    @Inject
    Recorder recorder;

    public void perform(String gate) throws InterruptedException {
        recorder.record(gate + "-started", gate);
        if (!recorder.gate(gate).await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate " + gate + " never opened");
        }
    }
}
