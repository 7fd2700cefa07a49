package dev.backgroundjobs.it.limits;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.TestRedis;
import redis.clients.jedis.RedisClient;

/**
 * Records when it started, by Redis's clock (epoch ms), under its number (one clock for both servers),
 * and counts its starts per server process.
 */
@BackgroundJob(queue = "limits-rate")
public class RateJob {

    static final String STARTS = "it-limits:test:rate-starts";
    static final String BY_SERVER = "it-limits:test:rate-by-server";
    private static final String RECORD = "local t = redis.call('TIME')\n"
            + "redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])\n"
            + "redis.call('HINCRBY', KEYS[2], ARGV[2], 1)\n"
            + "return 1";
    private static final RedisClient REDIS = TestRedis.connect();
    private static final long PID = ProcessHandle.current().pid();

    public void perform(int number) {
        REDIS.eval(RECORD, 2, STARTS, BY_SERVER, Integer.toString(number), Long.toString(PID));
    }
}
