package dev.backgroundjobs.redis;

import dev.backgroundjobs.config.BackgroundJobsConfig;
import dev.backgroundjobs.config.PoolConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.util.KeyValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Resque data in Redis, as the module reads and writes it. Every multi-key change is one Lua
 * script call, so it is atomic and costs one round trip. Redis failures surface as Jedis exceptions.
 */
@ApplicationScoped
public class JobStore {

    /** Enough tokens to wake every idle worker of a queue on a typical cluster, few enough to cost nothing. */
    static final int MAX_WAKE_TOKENS = 64;

    private static final LuaScript ENQUEUE = LuaScript.load("enqueue.lua");
    private static final LuaScript FETCH = LuaScript.load("fetch.lua");
    private static final LuaScript ACK = LuaScript.load("ack.lua");
    private static final LuaScript REGISTRATION = LuaScript.load("registration.lua");

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    private Keys keys;
    private byte[] routingKey;

    @PostConstruct
    void init() {
        keys = new Keys(config.namespace());
        routingKey = bytes(keys.queues());
    }

    public Keys keys() {
        return keys;
    }

    /** Pushes the payloads onto their queues atomically (all or none) and wakes idle workers. */
    public void enqueue(List<QueuedPayload> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        List<byte[]> args = new ArrayList<>(2 + 2 * payloads.size());
        args.add(bytes(keys.prefix()));
        args.add(bytes(Integer.toString(MAX_WAKE_TOKENS)));
        for (QueuedPayload payload : payloads) {
            args.add(bytes(payload.queue()));
            args.add(bytes(payload.payload()));
        }
        ENQUEUE.run(connection.client(), routingKey, args);
    }

    /** Takes the next job of the pool's queues into the worker's in-flight list, or returns null. */
    public Fetched fetch(String workerId, PoolConfig pool) {
        List<byte[]> args = new ArrayList<>(4 + pool.queues().size());
        args.add(bytes(keys.prefix()));
        args.add(bytes(workerId));
        args.add(bytes(now()));
        args.add(bytes(pool.allQueues() ? "1" : "0"));
        if (!pool.allQueues()) {
            pool.queues().forEach(queue -> args.add(bytes(queue)));
        }
        Object reply = FETCH.run(connection.client(), routingKey, args);
        if (!(reply instanceof List<?> fetched) || fetched.size() != 2) {
            return null;
        }
        return new Fetched(new String((byte[]) fetched.get(0), StandardCharsets.UTF_8), (byte[]) fetched.get(1));
    }

    /** Ends a fetched job; {@code failureRecord} is the Resque failure JSON, or null when it succeeded. */
    public void acknowledge(String workerId, byte[] payload, String failureRecord) {
        ACK.run(connection.client(), routingKey, List.of(bytes(keys.prefix()), bytes(workerId), payload,
                bytes(failureRecord == null ? "" : failureRecord)));
    }

    /** Registers the worker; returns how many jobs a previous life of the same id left in flight and requeued. */
    public long register(String workerId) {
        return registration(workerId, "register");
    }

    /** Unregisters the worker; returns how many unfinished jobs went back to their queues. */
    public long unregister(String workerId) {
        return registration(workerId, "unregister");
    }

    private long registration(String workerId, String mode) {
        Object requeued = REGISTRATION.run(connection.client(), routingKey,
                List.of(bytes(keys.prefix()), bytes(workerId), bytes(now()), bytes(mode)));
        return requeued instanceof Long count ? count : 0;
    }

    /**
     * Blocks until a wake token arrives on one of the lists or the timeout passes; true when woken.
     * Idle workers sit here instead of polling, so they cost one command per poll interval.
     */
    public boolean awaitWork(List<String> wakeLists, Duration timeout) {
        KeyValue<String, String> token = connection.client().blpop(timeout.toMillis() / 1000.0,
                wakeLists.toArray(String[]::new));
        return token != null;
    }

    /** Pushes tokens onto a server's own wake list so its blocked workers return at once. */
    public void wake(String wakeList, int count) {
        if (count > 0) {
            connection.client().lpush(wakeList, Collections.nCopies(count, "1").toArray(String[]::new));
            connection.client().expire(wakeList, 60);
        }
    }

    /** Round-trip time of a PING. */
    public Duration ping() {
        long start = System.nanoTime();
        connection.client().ping();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Now in ISO-8601 to the second, as Ruby Resque writes heartbeats and start times. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
