package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** A batch's job that ends only when the test releases its barrier, so that two end at the same moment. */
@BackgroundJob(queue = "flow")
public class BarrierJob {

    @Inject
    FlowCounts counts;

    public void perform(String token, String barrier) {
        counts.await(barrier);
        counts.ran(token);
    }
}
