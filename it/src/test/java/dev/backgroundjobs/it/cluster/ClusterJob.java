package dev.backgroundjobs.it.cluster;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.TestRedis;
import redis.clients.jedis.RedisClient;

/**
 * Counts its runs in the build's standalone Redis, outside the cluster under test, so that a master the
 * test kills cannot take the counts with it: a job that ran twice shows 2 under its number.
 */
@BackgroundJob(queue = "c0")
public class ClusterJob {

    static final String RUNS = "it-cluster:test:runs";
    private static final RedisClient REDIS = TestRedis.connect();

    public void perform(int number, int millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
        REDIS.hincrBy(RUNS, Integer.toString(number), 1);
    }
}
