package dev.backgroundjobs.it.workers;

public enum Color { RED, GREEN }
