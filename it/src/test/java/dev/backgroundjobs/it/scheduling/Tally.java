package dev.backgroundjobs.it.scheduling;

import dev.backgroundjobs.it.support.TestRedis;
import java.time.Duration;
import redis.clients.jedis.RedisClient;

/** Counts runs in Redis, where both test deployments see them. */
final class Tally {

    static final String PREFIX = "it-sched:test:";
    private static final RedisClient REDIS = TestRedis.connect();

    private Tally() {
    }

    static void count(String topic, String key) {
        REDIS.hincrBy(PREFIX + topic, key, 1);
        REDIS.hsetnx(PREFIX + topic + ":at", key, Long.toString(System.currentTimeMillis()));
    }

    /** Waits until the test opens the gate of this topic; after {@code atMost} it goes on anyway. */
    static void awaitGate(String topic, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!REDIS.exists(gate(topic)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    static String gate(String topic) {
        return PREFIX + topic + ":gate";
    }
}
