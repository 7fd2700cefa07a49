package dev.backgroundjobs.it.recovery;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Records its number under a topic after a short pause, like a slow-ish real job. */
@BackgroundJob(queue = "recovery")
public class CountingJob {

    @Inject
    Recorder recorder;

    public void perform(String topic, int number, int millis) throws InterruptedException {
        Thread.sleep(millis);
        recorder.record(topic, number);
    }
}
