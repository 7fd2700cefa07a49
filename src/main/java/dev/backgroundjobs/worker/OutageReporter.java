package dev.backgroundjobs.worker;

import dev.backgroundjobs.internal.Messages;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/** Logs a Redis outage once when the first loop sees it and once when a loop reaches Redis again. */
final class OutageReporter {

    private static final Logger LOG = Logger.getLogger(OutageReporter.class.getName());

    private final AtomicBoolean down = new AtomicBoolean();

    void failed(String workerId, Exception cause) {
        if (down.compareAndSet(false, true)) {
            LOG.warning(Messages.redisUnreachable(workerId, cause.getMessage()));
        }
    }

    void reached(String workerId) {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info(Messages.redisBack(workerId));
        }
    }
}
