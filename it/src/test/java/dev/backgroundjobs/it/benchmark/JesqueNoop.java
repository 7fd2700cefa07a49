package dev.backgroundjobs.it.benchmark;

import java.util.concurrent.atomic.AtomicLong;

/** Jesque's side of the benchmark: the same no-op job, run by Jesque's workers in the test JVM. */
public class JesqueNoop implements Runnable {

    static final AtomicLong COUNT = new AtomicLong();
    static final AtomicLong FIRST_START = new AtomicLong(Long.MAX_VALUE);
    static final AtomicLong LAST_FINISH = new AtomicLong();
    static final AtomicLong LAST_PICKUP = new AtomicLong(-1);

    private final long enqueuedNanos;

    public JesqueNoop(Number enqueuedNanos) {
        this.enqueuedNanos = enqueuedNanos.longValue();
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        if (enqueuedNanos > 0) {
            LAST_PICKUP.set(now - enqueuedNanos);
        }
        FIRST_START.accumulateAndGet(now, Math::min);
        LAST_FINISH.accumulateAndGet(now, Math::max);
        COUNT.incrementAndGet();
    }

    static void reset() {
        COUNT.set(0);
        FIRST_START.set(Long.MAX_VALUE);
        LAST_FINISH.set(0);
    }
}
