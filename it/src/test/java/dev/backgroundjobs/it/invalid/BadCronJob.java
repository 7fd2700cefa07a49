package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.Recurring;

@BackgroundJob
@Recurring(cron = "every day at noon")
public class BadCronJob {

    public void perform() {
    }
}
