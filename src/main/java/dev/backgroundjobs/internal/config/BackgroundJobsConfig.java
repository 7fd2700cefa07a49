package dev.backgroundjobs.internal.config;

import dev.backgroundjobs.internal.config.PayloadLimits;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The module's configuration, parsed and validated once at deployment. {@code workerTimeout} is how
 * long one of our workers may miss heartbeats before any server prunes it; {@code foreignWorkerTimeout}
 * the same for workers of other Resque implementations, which beat less often. {@code outbox} is empty
 * unless a data source is named for it. {@code cancelGrace} is how long a run may go on after its cancel
 * request was seen before its thread is interrupted. {@code sentinel} is empty for a standalone Redis;
 * {@code replicaWait} says how many replicas must acknowledge each enqueue.
 */
public record BackgroundJobsConfig(RedisSettings redis, String namespace, boolean workersEnabled,
        List<PoolConfig> pools, Duration pollInterval, Duration shutdownGracePeriod, Duration heartbeatInterval,
        Duration workerTimeout, Duration foreignWorkerTimeout, Duration statusTtl, StatusTracking statusTracking, RetryPolicy retry, AdminSettings admin,
        PayloadLimits payloadLimits, int maxPendingSends, boolean tracePropagation, Optional<OutboxSettings> outbox,
        Duration cancelGrace, Optional<SentinelSettings> sentinel, ReplicaWait replicaWait) {

    public BackgroundJobsConfig {
        pools = List.copyOf(pools);
    }

    public int totalConcurrency() {
        return workersEnabled ? pools.stream().mapToInt(PoolConfig::concurrency).sum() : 0;
    }
}
