package dev.backgroundjobs.it.scheduling;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.Recurring;

/** Recurring jobs whose last scheduled time (New Year) is long past, to see what a missed time does. */
final class YearlyJobs {

    private YearlyJobs() {
    }

    @BackgroundJob(queue = "sched")
    @Recurring(cron = "0 0 0 1 1 *", missed = Recurring.Missed.RUN_ONCE)
    public static class CatchUpJob {
        public void perform() {
            Tally.count("missed", "catch-up");
        }
    }

    @BackgroundJob(queue = "sched")
    @Recurring(cron = "0 0 0 1 1 *", missed = Recurring.Missed.SKIP)
    public static class SkipJob {
        public void perform() {
            Tally.count("missed", "skip");
        }
    }

    @BackgroundJob(queue = "sched")
    @Recurring(cron = "0 0 0 1 1 *", missed = Recurring.Missed.RUN_ONCE)
    public static class NewJob {
        public void perform() {
            Tally.count("missed", "new");
        }
    }
}
