package dev.backgroundjobs.it.limits;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.TestRedis;
import redis.clients.jedis.RedisClient;

/**
 * While it runs, its number is in a set, tagged with its server's process id (so that the test can tell
 * the runs a killed server left there); it counts its starts and its completed runs by number.
 */
@BackgroundJob(queue = "limits-slots")
public class SlotJob {

    static final String RUNNING = "it-limits:test:running";
    static final String STARTS = "it-limits:test:slot-starts";
    static final String DONE = "it-limits:test:slot-done";
    private static final RedisClient REDIS = TestRedis.connect();
    private static final long PID = ProcessHandle.current().pid();

    public void perform(int number, int millis) throws InterruptedException {
        String member = PID + ":" + number;
        REDIS.hincrBy(STARTS, Integer.toString(number), 1);
        REDIS.sadd(RUNNING, member);
        try {
            Thread.sleep(millis);
        } finally {
            REDIS.srem(RUNNING, member);
        }
        REDIS.hincrBy(DONE, Integer.toString(number), 1);
    }
}
