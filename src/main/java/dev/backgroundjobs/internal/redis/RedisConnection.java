package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.common.Messages;
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
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.logging.Logger;


/**
 * The application's one Redis client, built from configuration and closed when the application stops:
 * to one Redis, with Redis Sentinel to the master the sentinels name, or to a Redis Cluster.
 */
@ApplicationScoped
public class RedisConnection {

    private static final Logger LOG = Logger.getLogger(RedisConnection.class.getName());

    /** Connections for producers and housekeeping, on top of one per worker loop (which may block). */
    private static final int SHARED_CONNECTIONS = 16;

    /** Attempts of one command on a cluster, across redirections and a failover's reconnections. */
    private static final int CLUSTER_ATTEMPTS = 20;

    /** How long a cluster needs to promote a replica after its master stops answering, beyond the timeout. */
    private static final Duration CLUSTER_FAILOVER_ALLOWANCE = Duration.ofSeconds(15);

    @Inject
    BackgroundJobsConfig config;

    private PooledClient client;

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
        if (redis.cluster()) {
            client = PooledClient.cluster(redis.clusterNodes(), clientConfig.build(), pool, CLUSTER_ATTEMPTS,
                    redis.timeout().multipliedBy(2).plus(CLUSTER_FAILOVER_ALLOWANCE));
        } else if (config.sentinel().isPresent()) {
            client = PooledClient.sentinel(config.sentinel().get(), clientConfig.build(), pool);
            client.sentinelMaster().ifPresent(master ->
                    LOG.info(Messages.followingSentinelMaster(config.sentinel().get().toString(), master.toString())));
        } else {
            client = PooledClient.standalone(new HostAndPort(redis.host(), redis.port()), clientConfig.build(), pool);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public UnifiedJedis client() {
        return client.client();
    }

    /** A client on one pooled connection, for commands that must share it; closing it gives the connection back. */
    public UnifiedJedis oneConnection() {
        return client.oneConnection();
    }
}
