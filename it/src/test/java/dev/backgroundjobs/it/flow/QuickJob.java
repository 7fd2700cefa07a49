package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

@BackgroundJob(queue = "flow")
public class QuickJob {

    @Inject
    FlowCounts counts;

    public void perform(String token, int index) {
        counts.ran(token);
    }
}
