package dev.backgroundjobs.it.scheduling;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.Recurring;

import java.time.Instant;

/** Every 2 seconds, in every deployment of the test: each tick must run once in all. */
@BackgroundJob(queue = "sched")
@Recurring(cron = "*/2 * * * * *")
public class TickJob {

    public void perform() {
        Tally.count("ticks", Long.toString(Instant.now().getEpochSecond() / 2 * 2));
    }
}
