package dev.backgroundjobs.it.servers;

import dev.backgroundjobs.BackgroundJob;

/** Takes {@code millis}, then records its run in the {@link RunLedger}: a job that ran twice shows 2 under its number. */
@BackgroundJob(queue = CountedJob.QUEUE)
public class CountedJob {

    static final String QUEUE = "servers";

    public void perform(String batch, int number, int millis) throws InterruptedException {
        Thread.sleep(millis);
        RunLedger.ran(batch, number);
    }
}
