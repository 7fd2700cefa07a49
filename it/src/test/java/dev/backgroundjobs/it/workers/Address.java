package dev.backgroundjobs.it.workers;

public record Address(String street, int number, String city) {
}
