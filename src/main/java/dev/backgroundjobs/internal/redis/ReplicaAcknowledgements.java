package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.config.ReplicaWait;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.UnifiedJedis;

import java.util.function.Function;

/**
 * Enqueue durability ({@code background-jobs.redis.wait-replicas}): after an enqueue, Redis {@code WAIT}
 * on the same connection, which counts the replicas that have that connection's writes. Too few in
 * time throws {@link ReplicasBehindException}: an enqueue that returns has reached the replicas, so a
 * failover cannot lose it. The caller of {@code JobQueue} sees it, and decides whether to send again
 * (a second copy, if the master survives) or not; sends after a commit log it and do not send again.
 */
@ApplicationScoped
public class ReplicaAcknowledgements {

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

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
                throw new ReplicasBehindException(Messages.replicasBehind(jobs, acknowledged, wait.replicas(),
                        wait.timeout().toMillis()));
            }
            return answer;
        }
    }
}
