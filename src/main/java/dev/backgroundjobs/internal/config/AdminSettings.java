package dev.backgroundjobs.internal.config;

/**
 * The admin API and dashboard: off unless enabled; when on, reading needs {@code readRole} or
 * {@code writeRole}, and changing anything needs {@code writeRole}.
 */
public record AdminSettings(boolean enabled, String readRole, String writeRole) {
}
