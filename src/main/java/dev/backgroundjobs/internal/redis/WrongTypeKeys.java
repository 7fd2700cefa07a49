package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.common.Messages;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Keys of the namespace that hold another type than Resque gives them, as the workers and the
 * inspector found them (Jesque's delayed enqueue, for one, turns {@code queue:NAME} into a sorted
 * set). They are skipped, never fatal; each is logged once and listed in health data until it is
 * seen right again.
 */
@ApplicationScoped
public class WrongTypeKeys {

    private static final Logger LOG = Logger.getLogger(WrongTypeKeys.class.getName());

    private final Map<String, String> found = new ConcurrentHashMap<>();

    /** {@code key} holds a {@code type} where Resque keeps an {@code expected} one. */
    void found(String key, String type, String expected) {
        if (found.put(key, type) == null) {
            LOG.warning(Messages.wrongTypeKey(key, type, expected));
        }
    }

    /** {@code key} holds what it should again (or nothing). */
    void fine(String key) {
        if (found.remove(key) != null) {
            LOG.info(Messages.wrongTypeKeyFixed(key));
        }
    }

    /** Each key found with the wrong type, with the type it had. */
    public Map<String, String> current() {
        return new TreeMap<>(found);
    }
}
