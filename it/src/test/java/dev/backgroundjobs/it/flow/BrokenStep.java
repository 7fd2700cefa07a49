package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.BackgroundJob;

/** A step that always fails, with one attempt (see the deployment's configuration). */
@BackgroundJob(queue = "flow")
public class BrokenStep {

    public Counted perform(String chain, Counted in) {
        throw new IllegalStateException("step broken on purpose in chain " + chain);
    }
}
