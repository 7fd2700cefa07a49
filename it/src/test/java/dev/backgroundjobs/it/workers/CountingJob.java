package dev.backgroundjobs.it.workers;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

@BackgroundJob(queue = "shared")
public class CountingJob {

    @Inject
    Recorder recorder;

    public void perform(int number, String topic) throws InterruptedException {
        Thread.sleep(2);
        recorder.record(topic, number);
        recorder.record(topic + "-threads", Thread.currentThread().getName());
    }
}
