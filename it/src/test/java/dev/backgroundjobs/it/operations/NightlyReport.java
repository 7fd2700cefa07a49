package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.Recurring;

/** A recurring job, to be listed. */
@BackgroundJob(queue = "ops")
@Recurring(cron = "0 0 3 * * *", missed = Recurring.Missed.SKIP)
public class NightlyReport {

    public void perform() {
        // Listed only; its time does not come during the test.
    }
}
