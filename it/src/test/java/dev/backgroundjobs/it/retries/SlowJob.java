package dev.backgroundjobs.it.retries;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * Takes longer than its timeout: either sleeping (and so ending at the interrupt) or spinning and
 * ignoring the interrupt until the test opens its gate.
 */
@BackgroundJob(queue = "slow", timeout = "500ms", maxAttempts = 1)
public class SlowJob {

    @Inject
    Recorder recorder;

    public void perform(String topic, boolean ignoreInterrupt) throws InterruptedException {
        recorder.record(topic, "started");
        if (!ignoreInterrupt) {
            Thread.sleep(30_000);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (recorder.gate(topic).getCount() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        recorder.record(topic, "ended");
    }
}
