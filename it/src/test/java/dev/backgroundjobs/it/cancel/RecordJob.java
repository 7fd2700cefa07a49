package dev.backgroundjobs.it.cancel;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Records that it ran; its status is tracked, so an expiry or cancel leaves one to read. */
@BackgroundJob(queue = "cancel-one", trackStatus = true)
public class RecordJob {

    @Inject
    Recorder recorder;

    public void perform(String topic) {
        recorder.record(topic, "ran");
    }
}
