package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.config.ReplicaWait;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.UnifiedJedis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Enqueue durability ({@code background-jobs.redis.wait-replicas}): after an enqueue, Redis {@code WAIT}
 * on the same connection, which counts the replicas that have that connection's writes. Too few in
 * time is a warning, not an error: the jobs are queued on the master all the same, and a caller told
 * otherwise would send them again, a second copy each time a replica is slow, and could send no job at
 * all while its only replica is down. The warning is logged when enqueues start falling short; those
 * after it are counted and reported when replicas catch up.
 */
@ApplicationScoped
public class ReplicaAcknowledgements {

    private static final Logger LOG = Logger.getLogger(ReplicaAcknowledgements.class.getName());

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    /** Enqueues that fell short since the warning, or -1 while replicas keep up. */
    private final AtomicLong shortSinceWarning = new AtomicLong(-1);

    /** Runs {@code write} and answers what it answers; with wait-replicas set, on one connection, then WAIT. */
    public <T> T enqueue(int jobs, Function<UnifiedJedis, T> write) {
        ReplicaWait wait = config.replicaWait();
        if (!wait.enabled()) {
            return write.apply(connection.client());
        }
        try (UnifiedJedis one = connection.oneConnection()) {
            T answer = write.apply(one);
            long acknowledged = one.waitReplicas("", wait.replicas(), wait.timeout().toMillis());
            if (acknowledged < wait.replicas()) {
                if (shortSinceWarning.getAndIncrement() < 0) {
                    LOG.warning(Messages.replicasBehind(jobs, acknowledged, wait.replicas(), wait.timeout().toMillis()));
                }
            } else {
                long fellShort = shortSinceWarning.getAndSet(-1);
                if (fellShort >= 0) {
                    LOG.info(Messages.replicasCaughtUp(fellShort, wait.replicas()));
                }
            }
            return answer;
        }
    }
}
