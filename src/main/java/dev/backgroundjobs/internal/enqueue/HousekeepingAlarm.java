package dev.backgroundjobs.internal.enqueue;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes this server's housekeeper when something it must move comes due before its next planned
 * look: a retry or a delayed job this server just scheduled. So the housekeeper can sleep a whole
 * heartbeat interval when idle (a few Redis calls per interval, not per second) and still queue
 * this server's retries and delayed jobs on time; those of other servers wait at most one interval.
 */
@ApplicationScoped
public class HousekeepingAlarm {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Instant earliest;
    private boolean stopped;

    /** Something comes due at {@code time}. */
    public void ringAt(Instant time) {
        lock.lock();
        try {
            if (earliest == null || time.isBefore(earliest)) {
                earliest = time;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for {@code wait}, or less when an alarm comes due sooner; true when stopping. */
    public boolean sleep(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (!stopped) {
                long left = deadline - System.nanoTime();
                if (earliest != null) {
                    left = Math.min(left, Duration.between(Instant.now(), earliest).toNanos());
                }
                if (left <= 0) {
                    if (earliest != null && !earliest.isAfter(Instant.now())) {
                        earliest = null;
                    }
                    return false;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            lock.unlock();
        }
    }
}
