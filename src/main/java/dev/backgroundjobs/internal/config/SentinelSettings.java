package dev.backgroundjobs.internal.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Redis Sentinel: the sentinels to ask, the name they know the master by, and how to log in to the
 * sentinels themselves (the master's own user and password are {@link RedisSettings}'). {@code password}
 * is never printed.
 */
public record SentinelSettings(List<RedisAddress> sentinels, String masterName, String user, String password) {

    public static final int DEFAULT_PORT = 26379;

    public SentinelSettings {
        sentinels = List.copyOf(sentinels);
    }

    /** One sentinel's host and port. */
    public record Address(String host, int port) {

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    @Override
    public String toString() {
        return "master " + masterName + " from sentinels "
                + sentinels.stream().map(RedisAddress::toString).collect(Collectors.joining(","))
                + (user != null ? " as " + user : "");
    }
}
