package dev.backgroundjobs.it.cancel;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Records that it ran; untracked, as jobs are by default. */
@BackgroundJob(queue = "cancel-one")
public class UntrackedRecordJob {

    @Inject
    Recorder recorder;

    public void perform(String topic) {
        recorder.record(topic, "ran");
    }
}
