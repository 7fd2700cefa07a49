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
     * answers: two steps for the price of one round trip. Each part sees its own KEYS and ARGV (all keys
     * of one namespace share its hash slot, so the call stays legal on a cluster). Both parts see
     * {@code ARGV.chained} set, and {@code second} sees {@code first}'s answer as {@code ARGV.previous}, so each may leave out work
     * the other makes unneeded. An error answer of {@code first} is the answer, and {@code second} does not run.
     */
    static LuaScript chain(String first, String second) {
        return composed(first, second, "firstArgs.chained = true\nsecondArgs.chained = true\n"
                + "secondArgs.previous = first(firstKeys, firstArgs)\n"
                // An error answer of the first part ends the call: the second part must not run after it.
                + "if type(secondArgs.previous) == 'table' and secondArgs.previous.err then return secondArgs.previous end\n"
                + "return second(secondKeys, secondArgs)\n");
    }

    /**
     * One script that runs {@code first}, then {@code second}, and answers both answers, then Redis's
     * clock ({@code TIME}) for callers that schedule by it, with no round trip of its own.
     */
    static LuaScript both(String first, String second) {
        return composed(first, second, "return {first(firstKeys, firstArgs), second(secondKeys, secondArgs), redis.call('TIME')}\n");
    }

    /**
     * Its KEYS are {@code first}'s, then {@code second}'s; its ARGV the count of {@code first}'s keys, the
     * count of its arguments, then those, then {@code second}'s. Each script keeps its own KEYS and
     * ARGV, as parameters of the function it becomes, so both stay runnable alone.
     */
    private static LuaScript composed(String first, String second, String body) {
        return new LuaScript("local function first(KEYS, ARGV)\n" + text(first) + "\nend\n"
                + "local function second(KEYS, ARGV)\n" + text(second) + "\nend\n"
                + "local keySplit, argSplit = tonumber(ARGV[1]), tonumber(ARGV[2])\n"
                + "local firstKeys, secondKeys = {unpack(KEYS, 1, keySplit)}, {unpack(KEYS, keySplit + 1)}\n"
                + "local firstArgs = {unpack(ARGV, 3, argSplit + 2)}\n"
                + "local secondArgs = {unpack(ARGV, argSplit + 3)}\n"
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

    /** Runs a script made by {@link #chain} or {@link #both} with each part's own keys and arguments. */
    Object run(UnifiedJedis redis, ScriptCall first, ScriptCall second) {
        List<byte[]> keys = new ArrayList<>(first.keys().size() + second.keys().size());
        keys.addAll(first.keys());
        keys.addAll(second.keys());
        List<byte[]> args = new ArrayList<>(2 + first.args().size() + second.args().size());
        args.add(Integer.toString(first.keys().size()).getBytes(StandardCharsets.US_ASCII));
        args.add(Integer.toString(first.args().size()).getBytes(StandardCharsets.US_ASCII));
        args.addAll(first.args());
        args.addAll(second.args());
        return run(redis, new ScriptCall(keys, args));
    }

    /**
     * Runs the script with the call's keys, every key it touches that the caller can name (its first
     * key routes the call on a cluster, where all of them share one slot), and arguments.
     */
    Object run(UnifiedJedis redis, ScriptCall call) {
        try {
            return redis.evalsha(sha, call.keys(), call.args());
        } catch (JedisNoScriptException e) {
            redis.scriptLoad(source.getBytes(StandardCharsets.UTF_8), call.keys().get(0));
            return redis.evalsha(sha, call.keys(), call.args());
        }
    }
}
