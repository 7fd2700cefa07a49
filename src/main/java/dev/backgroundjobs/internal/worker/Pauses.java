package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.config.PoolConfig;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pools an operator paused on this server: their loops take nothing. Pools are a server's own
 * configuration, so their pauses live in memory and a restart resumes them; queues and job names are
 * paused for every server in Redis instead ({@code PauseStore}), and fetch.lua honours those.
 */
public final class Pauses {

    private final Set<String> pools = ConcurrentHashMap.newKeySet();

    public boolean pausePool(String pool) {
        return pools.add(pool);
    }

    public boolean resumePool(String pool) {
        return pools.remove(pool);
    }

    public boolean poolPaused(String pool) {
        return pools.contains(pool);
    }

    /** Whether a loop of the pool can take anything at all. */
    boolean idle(PoolConfig pool) {
        return pools.contains(pool.name());
    }
}
