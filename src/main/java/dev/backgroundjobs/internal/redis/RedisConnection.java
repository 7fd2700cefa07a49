package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.config.RedisSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;


/** The application's one Redis client, built from configuration and closed when the application stops. */
@ApplicationScoped
public class RedisConnection {

    /** Connections for producers and housekeeping, on top of one per worker loop (which may block). */
    private static final int SHARED_CONNECTIONS = 16;

    /** Attempts of one command on a cluster, across redirections and a failover's reconnections. */
    private static final int CLUSTER_ATTEMPTS = 20;

    /** How long a cluster needs to promote a replica after its master stops answering, beyond the timeout. */
    private static final Duration CLUSTER_FAILOVER_ALLOWANCE = Duration.ofSeconds(15);

    @Inject
    BackgroundJobsConfig config;

    private UnifiedJedis client;

    @PostConstruct
    void open() {
        RedisSettings redis = config.redis();
        int timeoutMillis = Math.toIntExact(redis.timeout().toMillis());
        // A blocking wait lasts at most one poll interval, so the socket may wait that long plus the
        // normal timeout; a half-dead connection then fails instead of hanging a worker forever.
        int blockingTimeoutMillis = Math.toIntExact(config.pollInterval().toMillis()) + timeoutMillis;
        DefaultJedisClientConfig.Builder clientConfig = DefaultJedisClientConfig.builder()
                .resp2()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .blockingSocketTimeoutMillis(blockingTimeoutMillis)
                .database(redis.database())
                .clientName("background-jobs")
                // The library name and version Jedis would send (CLIENT SETINFO, Redis 7.2+) are not worth an ACL grant.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        RedisTls.configure(clientConfig, redis);
        if (redis.password() != null) {
            clientConfig.user(redis.user()).password(redis.password());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        int size = config.totalConcurrency() + SHARED_CONNECTIONS;
        pool.setMaxTotal(size);
        pool.setMaxIdle(size);
        pool.setMaxWait(redis.timeout());
        // No idle eviction: commons-pool2 runs it on a static timer thread that would outlive an undeploy.
        client = redis.cluster() ? cluster(redis, clientConfig.build(), pool) : RedisClient.builder()
                .hostAndPort(redis.host(), redis.port())
                .clientConfig(clientConfig.build())
                .poolConfig(pool)
                .build();
    }

    /**
     * A cluster client: it learns the slots from the seed nodes, follows MOVED and ASK, and after a
     * master fails it retries (reloading the slots) until its replica has taken over or the retries'
     * time (twice the timeout plus the failover Redis needs) is spent. Each node gets a pool of its own.
     */
    private static UnifiedJedis cluster(RedisSettings redis, DefaultJedisClientConfig clientConfig, ConnectionPoolConfig pool) {
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        redis.clusterNodes().forEach(node -> seeds.add(new HostAndPort(node.host(), node.port())));
        return RedisClusterClient.builder()
                .nodes(seeds)
                .clientConfig(clientConfig)
                .poolConfig(pool)
                .maxAttempts(CLUSTER_ATTEMPTS)
                .maxTotalRetriesDuration(redis.timeout().multipliedBy(2).plus(CLUSTER_FAILOVER_ALLOWANCE))
                .build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public UnifiedJedis client() {
        return client;
    }
}
