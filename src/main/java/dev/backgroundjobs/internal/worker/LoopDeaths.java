package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.common.Digests;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts, per payload, the worker loops of this server that died while running it. A loop that dies
 * puts its job back at the head of its queue for another try; a payload that has ended loops this
 * often is quarantined instead, so it can never keep a queue in a restart loop. Only the most recent
 * payloads are remembered, so the count is bounded however many distinct ones there are.
 */
final class LoopDeaths {

    /** The second death with the same payload quarantines it. */
    static final int QUARANTINE_AFTER = 2;
    private static final int REMEMBERED = 1000;

    private final Map<String, Integer> deaths = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Records a loop's death while it ran {@code payload}; true when the payload is to be quarantined. */
    synchronized boolean diedWith(byte[] payload) {
        return deaths.merge(Digests.sha1Hex(payload), 1, Integer::sum) >= QUARANTINE_AFTER;
    }
}
