package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.BackgroundJob;

/** A batch's job that fails with its one attempt (see the deployment's configuration): it ends dead. */
@BackgroundJob(queue = "flow")
public class DyingJob {

    public void perform(String token) {
        throw new IllegalStateException("dies on purpose: " + token);
    }
}
