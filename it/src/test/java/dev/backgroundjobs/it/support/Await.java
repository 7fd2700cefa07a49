package dev.backgroundjobs.it.support;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition that other threads, processes or servers make true. */
public final class Await {

    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Polls the condition until it holds; fails naming {@code what} when the timeout passes first. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
