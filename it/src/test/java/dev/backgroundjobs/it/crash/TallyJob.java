package dev.backgroundjobs.it.crash;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.TestRedis;
import redis.clients.jedis.RedisClient;

/**
 * Counts its runs in Redis, where the count survives the server being killed: a job that ran twice
 * shows 2 under its number.
 */
@BackgroundJob(queue = "crash")
public class TallyJob {

    static final String RUNS = "it-crash:test:runs";
    private static final RedisClient REDIS = TestRedis.connect();

    public void perform(int number, int millis) throws InterruptedException {
        Thread.sleep(millis);
        REDIS.hincrBy(RUNS, Integer.toString(number), 1);
    }
}
