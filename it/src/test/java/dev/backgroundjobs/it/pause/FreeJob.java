package dev.backgroundjobs.it.pause;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.RunCounts;
import jakarta.inject.Inject;

/** A job of a name nobody pauses, queued among the held ones: it must run while they wait. */
@BackgroundJob(queue = PauseResource.OPEN)
public class FreeJob {

    @Inject
    RunCounts runs;

    public void perform(String token) {
        runs.ran(token);
    }
}
