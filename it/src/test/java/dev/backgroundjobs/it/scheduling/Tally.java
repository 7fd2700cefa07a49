package dev.backgroundjobs.it.scheduling;

import dev.backgroundjobs.it.support.TestRedis;
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
}
