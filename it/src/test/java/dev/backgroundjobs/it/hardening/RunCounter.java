package dev.backgroundjobs.it.hardening;

import dev.backgroundjobs.it.support.TestRedis;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.RedisClient;

/** Counts runs per token in a Redis hash the client reads ({@value #RUNS}). */
@ApplicationScoped
public class RunCounter {

    static final String RUNS = FuzzIT.NS + ":test:runs";

    private final RedisClient redis = TestRedis.connect();

    void ran(String token) {
        redis.hincrBy(RUNS, token, 1);
    }

    @PreDestroy
    void close() {
        redis.close();
    }
}
