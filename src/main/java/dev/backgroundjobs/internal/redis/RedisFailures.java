package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.config.ConfigKeys;

import javax.net.ssl.SSLException;

/** What went wrong with a call to Redis, in words for a log line or health data. */
public final class RedisFailures {

    private RedisFailures() {
    }

    /**
     * The failure's message; for a failed TLS handshake, which Jedis reports only as "Failed to create socket.",
     * the JSSE reason and the configuration keys to check.
     */
    public static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return Messages.tlsHandshakeFailed(deepest(cause).getMessage(), ConfigKeys.REDIS_TLS_CA_FILE,
                        ConfigKeys.REDIS_TLS_TRUSTSTORE, ConfigKeys.REDIS_TLS_VERIFY_HOST);
            }
        }
        return String.valueOf(failure.getMessage());
    }

    private static Throwable deepest(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest;
    }
}
