package dev.backgroundjobs.it.workers;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

@BackgroundJob(queue = "prio-low")
public class OrderedJob {

    @Inject
    Recorder recorder;

    public void perform(String label) {
        recorder.record("order", label);
    }
}
