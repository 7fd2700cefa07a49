package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

@BackgroundJob(queue = "flow-callbacks")
public class CallbackJob {

    @Inject
    FlowCounts counts;

    public void perform(String token) {
        counts.ran(token);
    }
}
