package dev.backgroundjobs.it.retries;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Fails until it has run {@code failures} times under {@code topic}, then succeeds. */
@BackgroundJob(queue = "retries", maxAttempts = 4, backoff = "500ms")
public class FlakyJob {

    @Inject
    Recorder recorder;

    public void perform(String topic, int failures) {
        recorder.record(topic, System.nanoTime());
        if (recorder.entries(topic).size() <= failures) {
            throw new IllegalStateException("flaky failure " + recorder.entries(topic).size());
        }
    }
}
