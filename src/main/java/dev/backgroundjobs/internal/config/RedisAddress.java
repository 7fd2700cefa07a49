package dev.backgroundjobs.internal.config;

import java.util.Optional;

/** One Redis server's (or sentinel's) address; an IPv6 host is written in brackets. */
public record RedisAddress(String host, int port) {

    /**
     * The address {@code item} spells, {@code host:port} or {@code host} alone (then {@code defaultPort}),
     * an IPv6 host in brackets ({@code [::1]:26379}); empty when it spells none.
     */
    static Optional<RedisAddress> parse(String item, int defaultPort) {
        String host;
        String port;
        if (item.startsWith("[")) {
            int end = item.indexOf(']');
            if (end < 0 || end + 1 < item.length() && item.charAt(end + 1) != ':') {
                return Optional.empty();
            }
            host = item.substring(1, end);
            port = end + 1 < item.length() ? item.substring(end + 2) : "";
        } else {
            int colon = item.indexOf(':');
            if (colon != item.lastIndexOf(':')) {
                return Optional.empty();
            }
            host = colon < 0 ? item : item.substring(0, colon);
            port = colon < 0 ? "" : item.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == '@')) {
            return Optional.empty();
        }
        if (port.isEmpty()) {
            return Optional.of(new RedisAddress(host, defaultPort));
        }
        if (!port.matches("[0-9]{1,5}")) {
            return Optional.empty();
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535 ? Optional.of(new RedisAddress(host, number)) : Optional.empty();
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
