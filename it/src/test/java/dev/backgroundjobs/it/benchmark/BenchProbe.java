package dev.backgroundjobs.it.benchmark;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** What the no-op jobs of this server did: how many ran, the first start, the last finish, the last pickup. */
@ApplicationScoped
public class BenchProbe {

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastFinish = new AtomicLong();
    /** Pickup latencies for the producer, which blocks on them rather than spins: it must not take a core from the worker. */
    private final BlockingQueue<Long> pickups = new LinkedBlockingQueue<>();

    void ran(long enqueuedNanos) {
        long now = System.nanoTime();
        if (enqueuedNanos > 0) {
            pickups.offer(now - enqueuedNanos);
        }
        firstStart.accumulateAndGet(now, Math::min);
        lastFinish.accumulateAndGet(now, Math::max);
        count.incrementAndGet();
    }

    void reset() {
        count.set(0);
        firstStart.set(Long.MAX_VALUE);
        lastFinish.set(0);
        pickups.clear();
    }

    long count() {
        return count.get();
    }

    long elapsedNanos() {
        return lastFinish.get() - firstStart.get();
    }

    /** The pickup latency of the next job that asks for it, -1 when none came within the timeout. */
    long awaitPickup(long timeout, TimeUnit unit) throws InterruptedException {
        Long latency = pickups.poll(timeout, unit);
        return latency == null ? -1 : latency;
    }
}
