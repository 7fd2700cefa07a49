package dev.backgroundjobs.internal.config;

import java.time.Duration;
import java.util.List;

/**
 * Where and how to reach Redis; {@code tlsSettings} applies when {@code tls} (a {@code rediss://} URL). Neither
 * {@code password} nor a password of {@code tlsSettings} is ever printed. With {@code clusterNodes}, Redis is
 * a cluster found through those nodes, and {@code host}, {@code port} and {@code database} are not used.
 */
public record RedisSettings(String host, int port, boolean tls, String user, String password, int database,
        Duration timeout, TlsSettings tlsSettings, List<RedisAddress> clusterNodes) {

    public RedisSettings {
        clusterNodes = List.copyOf(clusterNodes);
    }

    public boolean cluster() {
        return !clusterNodes.isEmpty();
    }

    @Override
    public String toString() {
        String where = cluster()
                ? "cluster " + String.join(",", clusterNodes.stream().map(RedisAddress::toString).toList())
                : host + ":" + port + "/" + database;
        return (tls ? "rediss://" : "redis://") + where + (user != null ? " as " + user : "")
                + (tls ? " (" + tlsSettings + ")" : "");
    }
}
