package dev.backgroundjobs.it.retries;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

@BackgroundJob(queue = "slow")
public class QuickJob {

    @Inject
    Recorder recorder;

    public void perform(String topic) {
        recorder.record(topic, "done");
    }
}
