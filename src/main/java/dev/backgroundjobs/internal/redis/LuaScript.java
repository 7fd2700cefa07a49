package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.common.Digests;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lua script shipped as a resource, run with EVALSHA. Redis forgets scripts when it restarts, so a
 * NOSCRIPT answer loads the script and runs it again (the failed call ran nothing).
 */
final class LuaScript {

    private static final Pattern INCLUDE = Pattern.compile("(?m)^--#include (\\S+)$");

    private final String source;
    private final byte[] sha;

    private LuaScript(String source) {
        this.source = source;
        this.sha = Digests.sha1Hex(source).getBytes(StandardCharsets.US_ASCII);
    }

    /** The script's text, as Redis runs it. */
    String source() {
        return source;
    }

    static LuaScript load(String resource) {
        return new LuaScript(text(resource));
    }

    /**
     * One script that runs {@code first}, then {@code second}, and answers what {@code second}
     * answers: two steps for the price of one round trip. Both parts see {@code ARGV.chained} set, and
     * {@code second} sees {@code first}'s answer as {@code ARGV.previous}, so each may leave out work
     * the other makes unneeded. An error answer of {@code first} is the answer, and {@code second} does not run.
     */
    static LuaScript chain(String first, String second) {
        return composed(first, second, "firstArgs.chained = true\nsecondArgs.chained = true\n"
                + "secondArgs.previous = first(firstArgs)\n"
                // An error answer of the first part ends the call: the second part must not run after it.
                + "if type(secondArgs.previous) == 'table' and secondArgs.previous.err then return secondArgs.previous end\n"
                + "return second(secondArgs)\n");
    }

    /**
     * One script that runs {@code first}, then {@code second}, and answers both answers, then Redis's
     * clock ({@code TIME}) for callers that schedule by it, with no round trip of its own.
     */
    static LuaScript both(String first, String second) {
        return composed(first, second, "return {first(firstArgs), second(secondArgs), redis.call('TIME')}\n");
    }

    /**
     * Its ARGV is the count of {@code first}'s arguments, then those, then {@code second}'s. Each script
     * keeps its own ARGV, as a parameter of the function it becomes, so both stay runnable alone.
     */
    private static LuaScript composed(String first, String second, String body) {
        return new LuaScript("local function first(ARGV)\n" + text(first) + "\nend\n"
                + "local function second(ARGV)\n" + text(second) + "\nend\n"
                + "local split = tonumber(ARGV[1])\n"
                + "local firstArgs = {unpack(ARGV, 2, split + 1)}\n"
                + "local secondArgs = {unpack(ARGV, split + 2)}\n"
                + body);
    }

    /**
     * The script with each line {@code --#include lib/NAME.lua} replaced by that library's text, its own
     * includes resolved too: Redis scripts cannot load one another, so code two scripts share is put
     * into both here, written once.
     */
    private static String text(String resource) {
        return INCLUDE.matcher(read(resource)).replaceAll(include -> Matcher.quoteReplacement(text(include.group(1))));
    }

    private static String read(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a script made by {@link #chain} or {@link #both} with each part's own arguments. */
    Object run(UnifiedJedis redis, byte[] routingKey, List<byte[]> firstArgs, List<byte[]> secondArgs) {
        List<byte[]> args = new ArrayList<>(1 + firstArgs.size() + secondArgs.size());
        args.add(Integer.toString(firstArgs.size()).getBytes(StandardCharsets.US_ASCII));
        args.addAll(firstArgs);
        args.addAll(secondArgs);
        return run(redis, routingKey, args);
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
