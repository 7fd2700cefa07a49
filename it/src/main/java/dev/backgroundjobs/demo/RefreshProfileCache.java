package dev.backgroundjobs.demo;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** Rebuilds the cached profile page of a user. */
@BackgroundJob(queue = "cache")
public class RefreshProfileCache {

    @Inject
    SlowWork work;

    public void perform(long userId) throws InterruptedException {
        work.perform("RefreshProfileCache", "user " + userId);
    }
}
