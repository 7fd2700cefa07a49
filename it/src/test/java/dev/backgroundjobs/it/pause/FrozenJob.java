package dev.backgroundjobs.it.pause;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.RunCounts;
import jakarta.inject.Inject;

/** A job of the queue the test pauses. */
@BackgroundJob(queue = PauseResource.FROZEN)
public class FrozenJob {

    @Inject
    RunCounts runs;

    public void perform(String token) {
        runs.ran(token);
    }
}
