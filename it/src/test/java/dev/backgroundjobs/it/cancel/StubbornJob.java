package dev.backgroundjobs.it.cancel;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Never asks whether it was cancelled: only an interrupt ends it before its minute is up. */
@BackgroundJob(queue = "cancel-one", maxAttempts = 3)
public class StubbornJob {

    @Inject
    Recorder recorder;

    public void perform(String topic) throws InterruptedException {
        new Body(recorder).run(topic);
    }

    record Body(Recorder recorder) {

        void run(String topic) throws InterruptedException {
            recorder.record(topic + "-started", topic);
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                recorder.record(topic, "interrupted");
                throw e;
            }
            recorder.record(topic, "slept a minute");
        }
    }
}
