package dev.backgroundjobs.it.transactions;

import dev.backgroundjobs.it.support.TestRedis;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.RedisClient;

import java.util.List;

/** Reads the tx queue straight from Redis, also from inside a transaction. */
@ApplicationScoped
public class QueueProbe {

    static final String QUEUE_KEY = TransactionIT.NS + ":queue:tx";

    private final RedisClient redis = TestRedis.connect();

    public List<String> payloads() {
        return redis.lrange(QUEUE_KEY, 0, -1);
    }

    public void clear() {
        redis.del(QUEUE_KEY);
        redis.keys(TransactionIT.NS + ":delayed*").forEach(redis::del);
        redis.keys(TransactionIT.NS + ":bgj:wake:*").forEach(redis::del);
    }

    /** How many seconds resque-scheduler's schedule holds delayed jobs for. */
    public long scheduled() {
        return redis.zcard(TransactionIT.NS + ":delayed_queue_schedule");
    }

    /** The wake tokens waiting on the tx queue's list and on the list of loops that take every queue. */
    public List<Long> wakeTokens() {
        return List.of(redis.llen(TransactionIT.NS + ":bgj:wake:tx"), redis.llen(TransactionIT.NS + ":bgj:wake:*"));
    }

    @PreDestroy
    void close() {
        redis.close();
    }
}
