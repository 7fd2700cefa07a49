package dev.backgroundjobs.it.interop;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.AdminClient;
import dev.backgroundjobs.it.support.Http;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.client.Client;
import net.greghaines.jesque.client.ClientImpl;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jesque's delayed enqueue (the real client) turns {@code queue:NAME} into a sorted set and adds NAME to
 * {@code queues}; beside it a '*' pool keeps serving every other queue, readiness names the key, the
 * admin API and the dashboard still answer, and the sorted set is left as Jesque wrote it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JesqueDelayedIT {

    static final String NS = "it-jesque-delayed";
    static final String DELAYED_QUEUE = "jesque-later";
    private static final int JOBS_PER_QUEUE = 150;
    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <login-config>
                <auth-method>BASIC</auth-method>
                <realm-name>background-jobs</realm-name>
              </login-config>
              <security-role><role-name>background-jobs-admin</role-name></security-role>
              <security-role><role-name>background-jobs-viewer</role-name></security-role>
            </web-app>
            """;

    static RedisClient redis;

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("jesque-delayed")
                .addClasses(CountedJob.class, TestRedis.class)
                .addAsWebInfResource(new StringAsset(WEB_XML), "web.xml")
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        "background-jobs.admin.enabled=true",
                        "background-jobs.pool.default.queues=*",
                        "background-jobs.pool.default.concurrency=2",
                        "background-jobs.poll-interval=1s",
                        "background-jobs.heartbeat-interval=1s")), "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    static void connect() {
        redis = TestRedis.connect();
    }

    @AfterAll
    static void clean() {
        Set<String> keys = redis.keys(NS + ":*");
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
        redis.close();
    }

    @Test
    void aStarPoolServesTheOtherQueuesBesideJesquesDelayedQueue() throws Exception {
        Config config = new ConfigBuilder().withHost("127.0.0.1").withPort(Integer.getInteger("redis.port"))
                .withNamespace(NS).build();
        Client client = new ClientImpl(config);
        long start = System.nanoTime();
        try {
            client.delayedEnqueue(DELAYED_QUEUE, new Job("CountedJob", "delayed-0"),
                    System.currentTimeMillis() + Duration.ofHours(1).toMillis());
            assertEquals("zset", redis.type(NS + ":queue:" + DELAYED_QUEUE), "what Jesque's delayed enqueue wrote");
            assertTrue(redis.sismember(NS + ":queues", DELAYED_QUEUE), "Jesque added the queue to " + NS + ":queues");
            for (int i = 0; i < JOBS_PER_QUEUE; i++) {
                client.enqueue("jesque-a", new Job("CountedJob", "a-" + i));
            }
            List<Job> batch = new ArrayList<>();
            for (int i = 0; i < JOBS_PER_QUEUE; i++) {
                batch.add(new Job("CountedJob", "b-" + i));
            }
            client.batchEnqueue("jesque-b", batch);
        } finally {
            client.end();
        }

        Await.until("the jobs of the other queues ran", Duration.ofMinutes(1),
                () -> redis.hlen(CountedJob.RUNS) >= 2 * JOBS_PER_QUEUE);
        double seconds = (System.nanoTime() - start) / 1e9;
        // Anything run twice would show up after the last one.
        Thread.sleep(1_000);
        Map<String, String> runs = redis.hgetAll(CountedJob.RUNS);
        Set<String> expected = Stream.of("a", "b")
                .flatMap(queue -> IntStream.range(0, JOBS_PER_QUEUE).mapToObj(i -> queue + "-" + i))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, new TreeSet<>(runs.keySet()), "the jobs that ran (the delayed one is not due)");
        assertEquals(Map.of(), runs.entrySet().stream().filter(run -> !run.getValue().equals("1"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "jobs that ran more than once");
        assertEquals(0, redis.llen(NS + ":failed"), "failed records");
        assertEquals(1, redis.zcard(NS + ":queue:" + DELAYED_QUEUE), "Jesque's sorted set is left as it is");

        Await.until("readiness names the sorted set", Duration.ofSeconds(20),
                () -> Http.get(Http.server("/health/ready")).body().contains("\"wrongType." + NS + ":queue:" + DELAYED_QUEUE
                        + "\":\"zset\""));
        HttpResponse<String> ready = Http.get(Http.server("/health/ready"));
        assertEquals(200, ready.statusCode(), "a foreign key does not make the server unready: " + ready.body());
        HttpResponse<String> live = Http.get(Http.server("/health/live"));
        assertEquals(200, live.statusCode(), live.body());

        HttpResponse<String> queues = AdminClient.as(base, "viewer").get("background-jobs/api/queues");
        assertEquals(200, queues.statusCode(), queues.body());
        JsonArray list = Json.createReader(new StringReader(queues.body())).readArray();
        Map<String, JsonObject> byName = list.stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(queue -> queue.getString("name"), queue -> queue));
        assertEquals(Set.of(DELAYED_QUEUE, "jesque-a", "jesque-b"), byName.keySet(), queues.body());
        assertEquals("zset", byName.get(DELAYED_QUEUE).getString("wrongType"), queues.body());
        assertEquals(0, byName.get(DELAYED_QUEUE).getInt("size"), queues.body());
        for (String queue : List.of("jesque-a", "jesque-b")) {
            assertTrue(byName.get(queue).isNull("wrongType"), queues.body());
            assertEquals(0, byName.get(queue).getInt("size"), queues.body());
        }
        HttpResponse<String> overview = AdminClient.as(base, "viewer").get("background-jobs/api/overview");
        assertEquals(200, overview.statusCode(), overview.body());
        HttpResponse<String> dashboard = AdminClient.as(base, "viewer").get("background-jobs/dashboard/");
        assertEquals(200, dashboard.statusCode(), dashboard.body());
        assertNull(redis.get(NS + ":stat:failed"), "failed runs counted");
        System.out.printf("JesqueDelayedIT: beside Jesque's delayed queue (a sorted set) a '*' pool ran %d jobs of two"
                + " other queues once each in %.1f s; readiness UP naming the key, admin queues, overview and"
                + " dashboard 200%n", 2 * JOBS_PER_QUEUE, seconds);
    }
}
