package dev.backgroundjobs.it.outbox.paths;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.TestRedis;
import redis.clients.jedis.RedisClient;

/** Counts its runs per argument in a Redis hash, so a test sees each job ran exactly once. */
@BackgroundJob(queue = OutboxPathsIT.QUEUE)
public class TallyJob {

    static final String RUNS = "it-outbox-paths-test:runs";

    public void perform(String key) {
        try (RedisClient redis = TestRedis.connect()) {
            redis.hincrBy(RUNS, key, 1);
        }
    }
}
