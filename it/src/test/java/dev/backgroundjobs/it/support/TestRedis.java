package dev.backgroundjobs.it.support;

import redis.clients.jedis.RedisClient;

import java.net.URI;

/** A Redis client for tests, on the Redis the build started (its URL comes from the server's or failsafe's config). */
public final class TestRedis {

    private TestRedis() {
    }

    public static RedisClient connect() {
        String url = System.getProperty("background-jobs.redis.url", System.getProperty("redis.url"));
        if (url == null) {
            throw new IllegalStateException("neither background-jobs.redis.url nor redis.url is set");
        }
        URI uri = URI.create(url);
        return RedisClient.create(uri.getHost(), uri.getPort());
    }
}
