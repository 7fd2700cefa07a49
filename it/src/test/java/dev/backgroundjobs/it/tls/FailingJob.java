package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Fails both of its attempts (one retry, a second later) while the "failing" gate is shut; then succeeds. */
@BackgroundJob(queue = "tls", maxAttempts = 2, backoff = "1s")
public class FailingJob {

    @Inject
    Recorder recorder;

    public void perform(String tag) {
        recorder.record("attempts", tag);
        if (recorder.gate("failing-stops").getCount() > 0) {
            throw new IllegalStateException("failing on purpose");
        }
        recorder.record("ran", tag);
    }
}
