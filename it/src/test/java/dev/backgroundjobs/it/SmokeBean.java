package dev.backgroundjobs.it;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import redis.clients.jedis.RedisClient;

/** Trivial CDI bean deployed by {@link SmokeIT}: reads the Redis URL from MP Config and pings it. */
@ApplicationScoped
public class SmokeBean {

    @Inject
    @ConfigProperty(name = "background-jobs.redis.url")
    String redisUrl;

    public String redisUrl() {
        return redisUrl;
    }

    public String ping() {
        try (RedisClient client = RedisClient.create(URI.create(redisUrl))) {
            return client.ping();
        }
    }
}
