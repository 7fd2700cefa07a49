package dev.backgroundjobs.it.scripts;

import dev.backgroundjobs.internal.redis.ComposedScripts;
import dev.backgroundjobs.internal.redis.Keys;
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
    /** The namespace prefix, with its colon. */
    final String prefix;
    /** The namespace's key names and each script's keys, as the module builds them. */
    final Keys keys;
    /** Put before every script: '' as the module sends them, or a Redis 7 shebang (see {@link #strict}). */
    private final String header;

    Scripts() {
        this(RedisClient.create("127.0.0.1", Integer.getInteger("redis.port")), "scripts-" + UUID.randomUUID(), "");
    }

    private Scripts(RedisClient redis, String namespace, String header) {
        this.redis = redis;
        this.prefix = namespace + ":";
        this.keys = new Keys(namespace);
        this.header = header;
    }

    /**
     * The scripts run as Redis 7 scripts, with a {@code #!lua} first line: on a cluster node such a script
     * may touch only keys of one slot, where one without it (EVAL as Redis 6 knew it, and as the module
     * sends it, for Redis 6.2) may touch any key the node holds.
     */
    static Scripts strict(RedisClient redis, String namespace) {
        return new Scripts(redis, namespace, "#!lua\n");
    }

    /** Runs the script with these keys, as the module builds them (see {@link Keys}), and arguments. */
    Object run(String script, List<String> scriptKeys, Object... args) {
        return redis.eval(header + source(script), scriptKeys, argv(args));
    }

    /** The keys and arguments of one script call. */
    record Call(List<String> keys, List<String> args) {
    }

    Object run(String script, Call call) {
        return redis.eval(header + source(script), call.keys(), call.args());
    }

    /**
     * A script made by LuaScript.chain or LuaScript.both, each part with its own keys and arguments, as
     * the module sends them: the count of the first part's keys and of its arguments come first in ARGV.
     */
    Object runComposed(String composedSource, Call first, Call second) {
        List<String> keys = new ArrayList<>(first.keys());
        keys.addAll(second.keys());
        List<String> args = new ArrayList<>(List.of(Integer.toString(first.keys().size()),
                Integer.toString(first.args().size())));
        args.addAll(first.args());
        args.addAll(second.args());
        return redis.eval(header + composedSource, keys, args);
    }

    /**
     * fetch.lua's call for ARGV worker id, now, the "running" status JSON, status expiry, '1' for every
     * queue or '0', then the queues, with the keys the module passes for them (Keys.forFetch).
     */
    Call fetchCall(Object... args) {
        List<String> argv = argv(args);
        List<String> named = argv.get(4).equals("1") ? List.of() : argv.subList(5, argv.size());
        return new Call(keys.forFetch(argv.get(0), named), argv);
    }

    Object fetch(Object... args) {
        return run("fetch.lua", fetchCall(args));
    }

    /**
     * finish.lua's call for what the module knows of a run's end (QueueStore.RunEnd): worker id, payload,
     * status key, status JSON, status expiry, outcome, epoch minute, progress key, the outcome's argument
     * (failure record, next run's payload, or the cancel mark of a cancelled run), the retry's delay, a
     * chain's next step's queue, payload and status key, the "queued" status JSON, most wake tokens; a
     * key or argument left out or '' is one the call does not have. It passes the keys the module would
     * (Keys.forFinish, then the optional ones by letter).
     */
    Call finishCall(Object... args) {
        List<String> given = argv(args);
        List<String> a = new ArrayList<>(given);
        while (a.size() < 15) {
            a.add("");
        }
        String worker = a.get(0);
        String outcome = a.get(5);
        boolean cancelled = outcome.equals("cancelled");
        List<String> callKeys = new ArrayList<>(keys.forFinish(worker, Long.parseLong(a.get(6))));
        StringBuilder letters = new StringBuilder();
        String[][] optional = {{"s", a.get(2)}, {"p", a.get(7)}, {"c", cancelled ? a.get(8) : ""}};
        for (String[] key : optional) {
            if (!key[1].isEmpty()) {
                callKeys.add(key[1]);
                letters.append(key[0]);
            }
        }
        if (!a.get(10).isEmpty()) {
            callKeys.add(keys.queue(a.get(10)));
            callKeys.add(keys.wake(a.get(10)));
            letters.append('n');
            if (!a.get(12).isEmpty()) {
                callKeys.add(a.get(12));
                letters.append('t');
            }
        }
        List<String> argv = List.of(worker, a.get(1), a.get(3), a.get(4), outcome, letters.toString(),
                cancelled ? "" : a.get(8), a.get(9), a.get(10), a.get(11), a.get(13), a.get(14).isEmpty() ? "64" : a.get(14));
        return new Call(callKeys, argv);
    }

    Object finish(Object... args) {
        return run("finish.lua", finishCall(args));
    }

    /**
     * enqueue.lua's call for most wake tokens, the "queued" and "scheduled" status JSON, status expiry,
     * how long a timestamps set is kept, '1' for only new jobs, then the segments: 'P', queue, n,
     * payloads; or 'J', queue, payload, status key, due time, id, unique key, its expiry ('' for none).
     * The keys are those the module passes (Keys.forEnqueue, then each segment's); a segment of another
     * kind is passed as it is.
     */
    Call enqueueCall(Object... args) {
        List<String> a = argv(args);
        List<String> callKeys = new ArrayList<>(keys.forEnqueue());
        List<String> argv = new ArrayList<>(a.subList(0, 6));
        int i = 6;
        while (i < a.size()) {
            String kind = a.get(i);
            if (kind.equals("P")) {
                int n = Integer.parseInt(a.get(i + 2));
                callKeys.add(keys.queue(a.get(i + 1)));
                callKeys.add(keys.wake(a.get(i + 1)));
                argv.addAll(a.subList(i, i + 3 + n));
                i += 3 + n;
            } else if (kind.equals("J")) {
                String queue = a.get(i + 1);
                String payload = a.get(i + 2);
                String statusKey = a.get(i + 3);
                String dueAt = a.get(i + 4);
                String uniqueKey = a.get(i + 6);
                if (dueAt.isEmpty()) {
                    callKeys.add(keys.queue(queue));
                    callKeys.add(keys.wake(queue));
                } else {
                    callKeys.add(keys.delayedAt(dueAt));
                    callKeys.add(keys.timestamps(payload));
                }
                if (!statusKey.isEmpty()) {
                    callKeys.add(statusKey);
                }
                if (!uniqueKey.isEmpty()) {
                    callKeys.add(uniqueKey);
                }
                argv.addAll(List.of("J", queue, payload, (statusKey.isEmpty() ? "" : "s") + (uniqueKey.isEmpty() ? "" : "u"),
                        dueAt, a.get(i + 5), a.get(i + 7)));
                i += 8;
            } else {
                argv.addAll(a.subList(i, a.size()));
                break;
            }
        }
        return new Call(callKeys, argv);
    }

    Object enqueue(Object... args) {
        return run("enqueue.lua", enqueueCall(args));
    }

    /**
     * batch.lua's call for most wake tokens, the "queued" status JSON, status expiry, the batch id, then
     * the success callback, the complete callback and the jobs as triples of queue ('' for no
     * callback), payload and status key ('' for none), with the keys the module passes (Keys.forBatch,
     * then each job's).
     */
    Object batch(Object... args) {
        List<String> a = argv(args);
        List<String> callKeys = new ArrayList<>(keys.forBatch(a.get(3)));
        List<String> argv = new ArrayList<>(a.subList(0, 4));
        for (int i = 4; i + 2 < a.size(); i += 3) {
            String queue = a.get(i);
            String statusKey = a.get(i + 2);
            argv.addAll(List.of(queue, a.get(i + 1), statusKey.isEmpty() ? "" : "1"));
            if (!queue.isEmpty()) {
                callKeys.add(keys.queue(queue));
                callKeys.add(keys.wake(queue));
                if (!statusKey.isEmpty()) {
                    callKeys.add(statusKey);
                }
            }
        }
        return redis.eval(header + source("batch.lua"), callKeys, argv);
    }

    static List<String> argv(Object... args) {
        List<String> argv = new ArrayList<>(args.length);
        for (Object arg : args) {
            argv.add(String.valueOf(arg));
        }
        return argv;
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
