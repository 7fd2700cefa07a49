package dev.backgroundjobs.it.benchmark;

import java.io.IOException;
import java.time.Duration;

/** Waits for a reading of a process (CPU used so far, resident size) to stop changing. */
final class Settling {

    /** A reading taken from {@code /proc}. */
    interface Reading {
        double take() throws IOException;
    }

    private Settling() {
    }

    /**
     * Takes the reading every {@code look} until it differs from the one before by less than
     * {@code change}, or {@code limit} has passed; returns the last reading.
     */
    static double await(Reading reading, double change, Duration look, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        double before = reading.take();
        while (true) {
            Thread.sleep(look.toMillis());
            double now = reading.take();
            if (Math.abs(now - before) < change || System.nanoTime() > deadline) {
                return now;
            }
            before = now;
        }
    }
}
