package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** A chain's second step: records the first step's result. */
@BackgroundJob(queue = "tls")
public class ReportStep {

    @Inject
    Recorder recorder;

    public void perform(String tag, int length) {
        recorder.record("ran", tag + "-" + length);
    }
}
