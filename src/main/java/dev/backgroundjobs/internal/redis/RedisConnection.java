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
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;


/** The application's one Redis client, built from configuration and closed when the application stops. */
@ApplicationScoped
public class RedisConnection {

    /** Connections for producers and housekeeping, on top of one per worker loop (which may block). */
    private static final int SHARED_CONNECTIONS = 16;

    @Inject
    BackgroundJobsConfig config;

    private RedisClient client;

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
        client = RedisClient.builder()
                .hostAndPort(redis.host(), redis.port())
                .clientConfig(clientConfig.build())
                .poolConfig(pool)
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
