package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.redis.RedisFailures;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Logs a Redis outage (or Redis refusing the calls) once when the first loop sees it and once when a
 * loop reaches Redis again.
 */
final class OutageReporter {

    private static final Logger LOG = Logger.getLogger(OutageReporter.class.getName());

    private final AtomicBoolean down = new AtomicBoolean();

    void failed(String workerId, Exception cause) {
        if (down.compareAndSet(false, true)) {
            // Redis that answers with an error is not unreachable: say which of the two it was.
            LOG.warning(cause instanceof JedisDataException ? Messages.redisRefused(workerId, cause.getMessage())
                    : Messages.redisUnreachable(workerId, RedisFailures.describe(cause)));
        }
    }

    void reached(String workerId) {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info(Messages.redisBack(workerId));
        }
    }
}
