package dev.backgroundjobs.demo;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** Recomputes whom the user may know, now that they live elsewhere. */
@BackgroundJob(queue = "recommendations")
public class RecomputeFriendSuggestions {

    @Inject
    SlowWork work;

    public void perform(long userId, String city) throws InterruptedException {
        work.perform("RecomputeFriendSuggestions", "user " + userId + " in " + city);
    }
}
