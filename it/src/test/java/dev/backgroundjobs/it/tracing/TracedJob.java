package dev.backgroundjobs.it.tracing;

import dev.backgroundjobs.BackgroundJob;

/** Succeeds; its run is the CONSUMER span the test looks for. */
@BackgroundJob(queue = "traced")
public class TracedJob {

    public void perform(String what) {
        // Nothing to do: the span around this call is what is tested.
    }
}
