package dev.backgroundjobs.it.cancel;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Records whether its thread came to it interrupted, and whether a short sleep then holds. */
@BackgroundJob(queue = "cancel-one")
public class NextJob {

    @Inject
    Recorder recorder;

    public void perform(String topic) {
        boolean interruptedAtStart = Thread.currentThread().isInterrupted();
        try {
            Thread.sleep(200);
            recorder.record(topic, interruptedAtStart ? "interrupted at start" : "slept");
        } catch (InterruptedException e) {
            recorder.record(topic, "interrupted while sleeping");
        }
    }
}
