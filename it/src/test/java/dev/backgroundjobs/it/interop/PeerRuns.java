package dev.backgroundjobs.it.interop;

import dev.backgroundjobs.it.support.TestRedis;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.RedisClient;

/** Counts runs per token in a Redis hash the client-side test reads ({@value #RUNS}). */
@ApplicationScoped
public class PeerRuns {

    static final String RUNS = NodeResqueIT.NS + ":test:runs";

    private final RedisClient redis = TestRedis.connect();

    void ran(String token) {
        redis.hincrBy(RUNS, token, 1);
    }

    @PreDestroy
    void close() {
        redis.close();
    }
}
