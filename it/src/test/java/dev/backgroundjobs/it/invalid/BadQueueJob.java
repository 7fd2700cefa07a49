package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob(queue = "two words")
public class BadQueueJob {

    public void perform() {
    }
}
