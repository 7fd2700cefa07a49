package dev.backgroundjobs.it.cancel;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** As {@link StubbornJob}, with a timeout, so it runs on a task of its own rather than the loop's thread. */
@BackgroundJob(queue = "cancel-one", maxAttempts = 3, timeout = "2m")
public class StubbornTimedJob {

    @Inject
    Recorder recorder;

    public void perform(String topic) throws InterruptedException {
        new StubbornJob.Body(recorder).run(topic);
    }
}
