package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.it.support.TestRedis;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import redis.clients.jedis.RedisClient;

/**
 * What the flow test jobs did, in Redis, where the test reads it whichever deployment ran them: runs
 * counted by token (and by deployment), chain steps' arguments listed by chain, and the barrier the
 * last jobs of a batch wait on.
 */
@ApplicationScoped
public class FlowCounts {

    static final String NS = "it-flow";

    private final RedisClient redis = TestRedis.connect();
    private final String deployment = ConfigProvider.getConfig().getValue("test.deployment", String.class);

    static String runs() {
        return NS + ":test:runs";
    }

    static String arguments(String chain) {
        return NS + ":test:chain:" + chain;
    }

    static String arrived(String barrier) {
        return NS + ":test:arrived:" + barrier;
    }

    static String release(String barrier) {
        return NS + ":test:release:" + barrier;
    }

    void ran(String token) {
        redis.hincrBy(runs(), token, 1);
        redis.hincrBy(runs(), token + "@" + deployment, 1);
    }

    void stepGot(String chain, String argumentJson) {
        redis.rpush(arguments(chain), argumentJson);
    }

    /** Says this job has arrived at the barrier, then waits until the test releases it (at most a minute). */
    void await(String barrier) {
        redis.rpush(arrived(barrier), deployment);
        if (redis.blpop(60, release(barrier)) == null) {
            throw new IllegalStateException("barrier " + barrier + " was not released within a minute");
        }
    }

    @PreDestroy
    void close() {
        redis.close();
    }
}
