package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob
public class UnreadableParameterJob {

    public void perform(Runnable task) {
    }
}
