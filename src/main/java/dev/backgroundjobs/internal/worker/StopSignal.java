package dev.backgroundjobs.internal.worker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells the loops of a server that it is stopping, and wakes those waiting out a back-off. */
final class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    void stop() {
        stopped.countDown();
    }

    boolean stopping() {
        return stopped.getCount() == 0;
    }

    /** Waits for the delay or until the stop; true when stopping. */
    boolean sleep(Duration delay) {
        try {
            return stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
