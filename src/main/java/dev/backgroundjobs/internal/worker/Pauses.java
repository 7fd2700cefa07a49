package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.config.PoolConfig;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queues and pools an operator paused on this server. Loops of a paused pool take nothing; no
 * loop takes from a paused queue. Jobs stay queued, and other servers go on taking them. Pauses live
 * in memory: a restart resumes everything.
 */
public final class Pauses {

    private final Set<String> queues = ConcurrentHashMap.newKeySet();
    private final Set<String> pools = ConcurrentHashMap.newKeySet();
    /** Read by every loop before every fetch, so kept ready rather than copied each time. */
    private volatile List<String> pausedQueues = List.of();

    public synchronized boolean pauseQueue(String queue) {
        boolean changed = queues.add(queue);
        pausedQueues = List.copyOf(new TreeSet<>(queues));
        return changed;
    }

    public synchronized boolean resumeQueue(String queue) {
        boolean changed = queues.remove(queue);
        pausedQueues = List.copyOf(new TreeSet<>(queues));
        return changed;
    }

    public boolean pausePool(String pool) {
        return pools.add(pool);
    }

    public boolean resumePool(String pool) {
        return pools.remove(pool);
    }

    public boolean queuePaused(String queue) {
        return queues.contains(queue);
    }

    public boolean poolPaused(String pool) {
        return pools.contains(pool);
    }

    /** The paused queues, sorted. */
    public List<String> pausedQueues() {
        return pausedQueues;
    }

    /** Whether a loop of the pool can take anything at all. */
    boolean idle(PoolConfig pool) {
        return pools.contains(pool.name()) || !pool.allQueues() && queues.containsAll(pool.queues());
    }
}
