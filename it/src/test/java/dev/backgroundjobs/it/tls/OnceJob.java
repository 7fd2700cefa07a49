package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.UniqueJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** A unique job: while one with the same key waits, another is not sent. */
@BackgroundJob(queue = "tls-held")
@UniqueJob
public class OnceJob {

    @Inject
    Recorder recorder;

    public void perform(String key) {
        recorder.record("ran", "once-" + key);
    }
}
