package dev.backgroundjobs.demo;

/** What the notification mail tells: who moved, from where, to where. A record is a job argument as is. */
public record CityChange(long userId, String name, String oldCity, String newCity) {
}
