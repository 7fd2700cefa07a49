package dev.backgroundjobs.it.pause;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.RunCounts;
import jakarta.inject.Inject;

/** The job whose name the test pauses; counts its start, so a run that should not happen shows. */
@BackgroundJob(queue = PauseResource.OPEN)
public class HeldJob {

    @Inject
    RunCounts runs;

    public void perform(String token) {
        runs.ran(token);
    }
}
