package dev.backgroundjobs.it.benchmark;

import redis.clients.jedis.RedisClient;

/**
 * Redis's CPU time and its count of executed commands, from INFO. Redis counts the commands a script
 * runs too, so a script call counts as itself plus what it runs.
 */
record RedisUsage(double cpuMicros, long commands) {

    static RedisUsage read(RedisClient redis) {
        double cpuSeconds = 0;
        for (String line : redis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                cpuSeconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        long commands = 0;
        for (String line : redis.info("commandstats").split("\r?\n")) {
            int calls = line.indexOf("calls=");
            if (line.startsWith("cmdstat_") && calls >= 0) {
                int end = line.indexOf(',', calls);
                commands += Long.parseLong(line.substring(calls + 6, end < 0 ? line.length() : end));
            }
        }
        return new RedisUsage(cpuSeconds * 1e6, commands);
    }

    RedisUsage minus(RedisUsage earlier) {
        return new RedisUsage(cpuMicros - earlier.cpuMicros, commands - earlier.commands);
    }
}
