package dev.backgroundjobs.internal.config;

import java.util.Optional;

/** One Redis server's address, {@code host:port}. */
public record RedisAddress(String host, int port) {

    /** The address that {@code text} spells, or empty when it is not {@code host:port} with a valid port. */
    static Optional<RedisAddress> parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        String host = text.substring(0, colon).strip();
        String port = text.substring(colon + 1).strip();
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace) || !port.matches("[0-9]{1,5}")) {
            return Optional.empty();
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535 ? Optional.of(new RedisAddress(host, number)) : Optional.empty();
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
