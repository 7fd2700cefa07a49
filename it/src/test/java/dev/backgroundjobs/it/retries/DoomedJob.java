package dev.backgroundjobs.it.retries;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Always fails; IllegalArgumentException is not worth retrying. */
@BackgroundJob(queue = "retries", maxAttempts = 3, backoff = "200ms", noRetryOn = IllegalArgumentException.class)
public class DoomedJob {

    @Inject
    Recorder recorder;

    public void perform(String topic, boolean badInput) {
        recorder.record(topic, "ran");
        if (badInput) {
            throw new IllegalArgumentException("bad input for " + topic);
        }
        throw new IllegalStateException("always fails: " + topic);
    }
}
