package dev.backgroundjobs.it.lifecycle;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob(queue = "life")
public class SleepJob {

    public void perform(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
