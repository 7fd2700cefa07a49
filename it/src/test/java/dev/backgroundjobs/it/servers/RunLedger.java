package dev.backgroundjobs.it.servers;

import dev.backgroundjobs.it.support.TestRedis;
import redis.clients.jedis.RedisClient;

import java.util.List;

/**
 * What the jobs of the two-servers test record in Redis, where the test reads it from outside both
 * servers and where it outlives a server killed with SIGKILL. Per batch of jobs: how often each job (by
 * its number) ran, how many runs each server life made, and which life made a job's last run and when
 * (Redis time, so the test can set it against the moment of a kill). One script, so a kill leaves no
 * half-written record.
 */
final class RunLedger {

    static final String NS = "it-servers";
    static final String PREFIX = NS + ":test:";

    private static final String RECORD = String.join("\n",
            "local t = redis.call('TIME')",
            "local ms = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))",
            "redis.call('HINCRBY', KEYS[1], ARGV[1], 1)",
            "redis.call('HINCRBY', KEYS[2], ARGV[2], 1)",
            "redis.call('HSET', KEYS[3], ARGV[1], ARGV[2] .. ' ' .. ms)",
            "return ms");
    private static final RedisClient REDIS = TestRedis.connect();

    private RunLedger() {
    }

    /** The Liberty server this code runs in and the pid of its current life, e.g. {@code serversServer@4242}. */
    static String self() {
        return System.getProperty("wlp.server.name", "?") + "@" + ProcessHandle.current().pid();
    }

    /** Records one run of job {@code number} of {@code batch} by this server. */
    static void ran(String batch, long number) {
        REDIS.eval(RECORD, List.of(runs(batch), runners(batch), lastRun(batch)), List.of(Long.toString(number), self()));
    }

    /** Hash: job number -> how many times it ran. */
    static String runs(String batch) {
        return PREFIX + batch + ":runs";
    }

    /** Hash: server life ({@link #self()}) -> how many runs it made. */
    static String runners(String batch) {
        return PREFIX + batch + ":runners";
    }

    /** Hash: job number -> "life epochMillis" of its last run. */
    static String lastRun(String batch) {
        return PREFIX + batch + ":last";
    }

    /** The key whose existence lets a held job go on. */
    static String gate(String batch) {
        return PREFIX + batch + ":gate";
    }

    /** Whether the test opened the gate of {@code batch}. */
    static boolean gateOpen(String batch) {
        return REDIS.exists(gate(batch));
    }
}
