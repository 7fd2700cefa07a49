package dev.backgroundjobs.redis;

import dev.backgroundjobs.internal.Digests;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Lua script shipped as a resource, run with EVALSHA. Redis forgets scripts when it restarts, so a
 * NOSCRIPT answer loads the script and runs it again (the failed call ran nothing).
 */
final class LuaScript {

    private final String source;
    private final byte[] sha;

    private LuaScript(String source) {
        this.source = source;
        this.sha = Digests.sha1Hex(source).getBytes(StandardCharsets.US_ASCII);
    }

    static LuaScript load(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object run(UnifiedJedis redis, byte[] routingKey, List<byte[]> args) {
        List<byte[]> keys = List.of(routingKey);
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            redis.scriptLoad(source.getBytes(StandardCharsets.UTF_8), routingKey);
            return redis.evalsha(sha, keys, args);
        }
    }
}
