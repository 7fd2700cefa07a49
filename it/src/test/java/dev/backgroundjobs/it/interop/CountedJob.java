package dev.backgroundjobs.it.interop;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.TestRedis;
import redis.clients.jedis.RedisClient;

/** The job Jesque's client sends in JesqueDelayedIT: counts its runs per token in {@value #RUNS}. */
@BackgroundJob(name = "CountedJob", queue = "counted")
public class CountedJob {

    static final String RUNS = JesqueDelayedIT.NS + ":test:runs";

    public void perform(String token) {
        try (RedisClient redis = TestRedis.connect()) {
            redis.hincrBy(RUNS, token, 1);
        }
    }
}
