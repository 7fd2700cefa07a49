package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.config.RedisAddress;
import dev.backgroundjobs.internal.config.SentinelSettings;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The client and the pool of connections under it: to one Redis, to the master that Redis Sentinel
 * names, or to a Redis Cluster (a pool per node, so no one pool to lend a single connection from). Under Sentinel, Jedis subscribes to {@code +switch-master} on every sentinel and moves the pool
 * to the promoted replica when one announces it, so a failover needs no restart; a command sent to the
 * dead master before then fails as any Redis outage does.
 */
record PooledClient(UnifiedJedis client, Optional<ConnectionProvider> connections) {

    static PooledClient standalone(HostAndPort redis, JedisClientConfig clientConfig, ConnectionPoolConfig pool) {
        PooledConnectionProvider connections = new PooledConnectionProvider(redis, clientConfig, pool);
        return new PooledClient(RedisClient.builder().hostAndPort(redis).clientConfig(clientConfig)
                .connectionProvider(connections).build(), Optional.of(connections));
    }

    /**
     * The sentinels are asked with their own user and password, and the master's timeouts, the master with
     * {@code masterConfig}'s (its TLS too: the sentinels are reached without TLS).
     */
    static PooledClient sentinel(SentinelSettings sentinel, JedisClientConfig masterConfig, ConnectionPoolConfig pool) {
        Set<HostAndPort> sentinels = new LinkedHashSet<>();
        sentinel.sentinels().forEach(address -> sentinels.add(new HostAndPort(address.host(), address.port())));
        DefaultJedisClientConfig.Builder sentinelConfig = DefaultJedisClientConfig.builder()
                .resp2()
                .connectionTimeoutMillis(masterConfig.getConnectionTimeoutMillis())
                .socketTimeoutMillis(masterConfig.getSocketTimeoutMillis())
                .clientName(masterConfig.getClientName())
                // Whatever the master's connections tell of the library (CLIENT SETINFO), the sentinels' tell too.
                .clientSetInfoConfig(masterConfig.getClientSetInfoConfig());
        if (sentinel.password() != null) {
            sentinelConfig.user(sentinel.user()).password(sentinel.password());
        }
        SentineledConnectionProvider connections = new SentineledConnectionProvider(sentinel.masterName(), masterConfig,
                pool, sentinels, sentinelConfig.build());
        return new PooledClient(RedisSentinelClient.builder().masterName(sentinel.masterName()).sentinels(sentinels)
                .clientConfig(masterConfig).connectionProvider(connections).build(), Optional.of(connections));
    }

    /**
     * A cluster client: it learns the slots from the seed nodes, follows MOVED and ASK, and after a
     * master fails it retries (reloading the slots) up to {@code attempts} times within {@code retriesFor},
     * until the master's replica has taken over.
     */
    static PooledClient cluster(List<RedisAddress> seeds, JedisClientConfig clientConfig, ConnectionPoolConfig pool,
            int attempts, Duration retriesFor) {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        seeds.forEach(node -> nodes.add(new HostAndPort(node.host(), node.port())));
        return new PooledClient(RedisClusterClient.builder().nodes(nodes).clientConfig(clientConfig).poolConfig(pool)
                .maxAttempts(attempts).maxTotalRetriesDuration(retriesFor).build(), Optional.empty());
    }

    /**
     * A client on one connection of the pool, for commands that must follow one another on it ({@code WAIT}
     * counts the replicas that have the writes of its own connection); closing it gives the connection back.
     */
    UnifiedJedis oneConnection() {
        ConnectionProvider pool = connections.orElseThrow(() -> new IllegalStateException(
                "a cluster client lends no single connection (the configuration refuses WAIT on a cluster)"));
        return new OneConnection(pool.getConnection());
    }

    /** The master the sentinels named last; empty for a standalone Redis. */
    Optional<HostAndPort> sentinelMaster() {
        return connections.filter(SentineledConnectionProvider.class::isInstance).map(SentineledConnectionProvider.class::cast)
                .map(SentineledConnectionProvider::getCurrentMaster);
    }

    void close() {
        client.close();
    }

    private static final class OneConnection extends UnifiedJedis {

        OneConnection(Connection connection) {
            super(connection);
        }
    }
}
