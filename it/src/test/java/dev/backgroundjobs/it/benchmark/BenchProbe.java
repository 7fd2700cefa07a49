package dev.backgroundjobs.it.benchmark;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/** What the no-op jobs of this server did: how many ran, the first start, the last finish, the last pickup. */
@ApplicationScoped
public class BenchProbe {

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastFinish = new AtomicLong();
    private final AtomicLong lastPickup = new AtomicLong(-1);

    void ran(long enqueuedNanos) {
        long now = System.nanoTime();
        if (enqueuedNanos > 0) {
            lastPickup.set(now - enqueuedNanos);
        }
        firstStart.accumulateAndGet(now, Math::min);
        lastFinish.accumulateAndGet(now, Math::max);
        count.incrementAndGet();
    }

    long count() {
        return count.get();
    }

    long elapsedNanos() {
        return lastFinish.get() - firstStart.get();
    }

    /** The pickup latency of the last job that asked for it, -1 until one did. */
    long takePickup() {
        return lastPickup.getAndSet(-1);
    }
}
