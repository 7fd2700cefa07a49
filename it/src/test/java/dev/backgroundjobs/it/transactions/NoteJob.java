package dev.backgroundjobs.it.transactions;

import dev.backgroundjobs.BackgroundJob;

/** Never runs here (workers are off in this deployment); the tests look at what reaches its queue. */
@BackgroundJob(queue = "tx")
public class NoteJob {

    public void perform(String note, int count) {
        // the queue, not the run, is under test
    }
}
