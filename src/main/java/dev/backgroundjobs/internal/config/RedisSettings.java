package dev.backgroundjobs.internal.config;

import java.time.Duration;

/**
 * Where and how to reach Redis; {@code tlsSettings} applies when {@code tls} (a {@code rediss://} URL). Neither
 * {@code password} nor a password of {@code tlsSettings} is ever printed.
 */
public record RedisSettings(String host, int port, boolean tls, String user, String password, int database,
        Duration timeout, TlsSettings tlsSettings) {

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database
                + (user != null ? " as " + user : "") + (tls ? " (" + tlsSettings + ")" : "");
    }
}
