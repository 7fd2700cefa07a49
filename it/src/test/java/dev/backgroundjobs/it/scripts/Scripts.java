package dev.backgroundjobs.it.scripts;

import dev.backgroundjobs.internal.redis.ComposedScripts;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The module's Lua scripts, as the module sends them, run with EVAL on the build's Redis, with no server in
 * between: each test gets a namespace of its own, and everything under it is deleted afterwards.
 */
final class Scripts implements AutoCloseable {

    final RedisClient redis;
    /** The namespace prefix, with its colon, as the module passes it to every script. */
    final String prefix;

    Scripts() {
        this.redis = RedisClient.create("127.0.0.1", Integer.getInteger("redis.port"));
        this.prefix = "scripts-" + UUID.randomUUID() + ":";
    }

    /** Runs the script with the namespace's queues set as its only key, as the module does. */
    Object run(String script, Object... args) {
        List<String> argv = new ArrayList<>(args.length);
        for (Object arg : args) {
            argv.add(String.valueOf(arg));
        }
        return redis.eval(source(script), List.of(prefix + "queues"), argv);
    }

    /** Makes {@code key} hold a value of {@code type} (string, list, set, zset or hash), as another program might. */
    void occupy(String key, String type) {
        switch (type) {
            case "zset" -> redis.zadd(key, 1, "x");
            case "hash" -> redis.hset(key, "x", "1");
            case "list" -> redis.rpush(key, "x");
            case "set" -> redis.sadd(key, "x");
            case "string" -> redis.set(key, "x");
            default -> throw new IllegalArgumentException("no Redis type " + type);
        }
    }

    /** The key of the namespace with that suffix. */
    String key(String suffix) {
        return prefix + suffix;
    }

    /** The script as the module sends it to Redis (its includes resolved). */
    static String source(String script) {
        return ComposedScripts.script(script);
    }

    @Override
    public void close() {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
            if (!page.getResult().isEmpty()) {
                redis.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        redis.close();
    }
}
