package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Records its tag: a job enqueued, delayed, held by a pause, or one of a batch. */
@BackgroundJob(queue = "tls")
public class PlainJob {

    @Inject
    Recorder recorder;

    public void perform(String tag) {
        recorder.record("ran", tag);
    }
}
