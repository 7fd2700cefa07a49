package dev.backgroundjobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.client.Client;
import net.greghaines.jesque.client.ClientImpl;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.RedisClient;

/**
 * No server: proves that the Jesque reference client (jesque-shaded, Jedis 3 relocated) and Jedis 8 work
 * side by side in the test JVM against the Redis the build started ({@code redis.port}).
 */
class JesqueClientIT {

    @Test
    void jesqueEnqueuesAndJedis8ReadsIt() {
        int port = Integer.getInteger("redis.port");
        Config config = new ConfigBuilder().withHost("127.0.0.1").withPort(port).build();
        String queue = "jesque-client-it";
        Client client = new ClientImpl(config);
        try {
            client.enqueue(queue, new Job("ExampleJob", "a", 1));
        } finally {
            client.end();
        }
        try (RedisClient redis = RedisClient.create("127.0.0.1", port)) {
            List<String> items = redis.lrange("resque:queue:" + queue, 0, -1);
            assertEquals(1, items.size());
            assertTrue(items.get(0).contains("\"class\":\"ExampleJob\""), items.get(0));
            assertTrue(redis.smembers("resque:queues").contains(queue));
            redis.del("resque:queue:" + queue);
            redis.srem("resque:queues", queue);
        }
    }
}
