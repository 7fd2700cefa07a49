package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicInteger;

/** Runs 300 ms and records how many of its kind ran at once (its configuration allows one). */
@BackgroundJob(queue = "tls")
public class SlotJob {

    static final AtomicInteger RUNNING = new AtomicInteger();

    @Inject
    Recorder recorder;

    public void perform(String tag) throws InterruptedException {
        recorder.record("slots-at-once", RUNNING.incrementAndGet());
        try {
            Thread.sleep(300);
        } finally {
            RUNNING.decrementAndGet();
        }
        recorder.record("ran", tag);
    }
}
