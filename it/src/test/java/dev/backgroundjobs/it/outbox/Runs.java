package dev.backgroundjobs.it.outbox;

import redis.clients.jedis.RedisClient;

import java.util.Map;

/**
 * What ran, from the Redis hash of run counts by order id: how many orders ran, how many more than once,
 * how many in a range of ids that must never run.
 */
record Runs(int distinct, long twice, long forbidden, long total) {

    /** Counts {@code target}'s runs; ids in [forbiddenFrom, forbiddenTo) must not have run. */
    static Runs of(RedisClient redis, OutboxTarget target, long forbiddenFrom, long forbiddenTo) {
        Map<String, String> counts = redis.hgetAll(target.runsKey());
        long twice = counts.values().stream().filter(count -> Long.parseLong(count) > 1).count();
        long forbidden = counts.keySet().stream().mapToLong(Long::parseLong)
                .filter(id -> id >= forbiddenFrom && id < forbiddenTo).count();
        long total = counts.values().stream().mapToLong(Long::parseLong).sum();
        return new Runs(counts.size(), twice, forbidden, total);
    }

    static Runs of(RedisClient redis, OutboxTarget target) {
        return of(redis, target, 0, 0);
    }
}
