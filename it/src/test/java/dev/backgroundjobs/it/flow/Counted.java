package dev.backgroundjobs.it.flow;

/** What the chain's steps pass on: a text and a number each step transforms. */
public record Counted(String text, int words) {
}
