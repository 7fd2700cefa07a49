package dev.backgroundjobs.it.support;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import redis.clients.jedis.RedisClient;

/**
 * Counts, in Redis, how often test jobs ran with each token, where a client-side test reads it: the
 * hash {@link #key} of the deployment's namespace. Redis, not memory, so the count survives a
 * redeployment and counts runs on every server.
 */
@ApplicationScoped
public class RunCounts {

    private final RedisClient redis = TestRedis.connect();
    private final String key = key(ConfigProvider.getConfig().getValue("background-jobs.namespace", String.class));

    /** The hash of run counts by token under {@code namespace}. */
    public static String key(String namespace) {
        return namespace + ":test:runs";
    }

    public void ran(String token) {
        redis.hincrBy(key, token, 1);
    }

    @PreDestroy
    void close() {
        redis.close();
    }
}
