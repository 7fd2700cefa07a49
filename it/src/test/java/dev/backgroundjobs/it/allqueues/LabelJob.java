package dev.backgroundjobs.it.allqueues;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/** Records its label under a topic; the topic "hold" records the thread and waits for the test's gate. */
@BackgroundJob(queue = "zeta")
public class LabelJob {

    @Inject
    Recorder recorder;

    public void perform(String topic, String label) throws InterruptedException {
        if (topic.equals("hold")) {
            recorder.record("held", Thread.currentThread().getName());
            recorder.gate("hold").await(30, TimeUnit.SECONDS);
            return;
        }
        recorder.record(topic, label);
    }
}
