package dev.backgroundjobs.internal.config;

import java.time.Duration;

/** Where and how to reach Redis; {@code password} is never printed. */
public record RedisSettings(String host, int port, boolean tls, String user, String password, int database,
        Duration timeout) {

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database
                + (user != null ? " as " + user : "");
    }
}
