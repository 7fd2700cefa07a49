package dev.backgroundjobs.demo;

/** A user's profile row. */
public record Profile(long id, String name, String city) {
}
