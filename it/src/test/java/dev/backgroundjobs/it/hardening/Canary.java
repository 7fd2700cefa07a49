package dev.backgroundjobs.it.hardening;

/**
 * Named as the job class of fuzzed payloads: if anything loaded it, its initializer would say so in
 * a system property that {@link CanaryResource} reports without touching this class.
 */
public final class Canary {

    static final String LOADED = "bgj.fuzz.canary.loaded";

    static {
        System.setProperty(LOADED, "true");
    }

    private Canary() {
    }
}
