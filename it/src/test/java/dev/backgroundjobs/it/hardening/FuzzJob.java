package dev.backgroundjobs.it.hardening;

import dev.backgroundjobs.it.support.RunCounts;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** The one job the fuzzed payloads may name: counts each token's runs in Redis, for the client to check. */
@BackgroundJob(queue = "fuzz-a", maxAttempts = 1)
public class FuzzJob {

    @Inject
    RunCounts counter;

    public void perform(String token, int number) {
        counter.ran(token);
    }
}
