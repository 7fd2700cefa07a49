package dev.backgroundjobs.it.servers;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.Recurring;
import jakarta.inject.Inject;

/**
 * Fires every second on both servers. The run records its scheduled second: the server that queued it
 * wrote its queue time as the Redis-clock instant at which it offered that second, which lies within the
 * second, so the whole seconds of the queue time are the fire time.
 */
@BackgroundJob(queue = EverySecondJob.QUEUE)
@Recurring(cron = "* * * * * *")
public class EverySecondJob {

    static final String QUEUE = "ticks";
    static final String BATCH = "ticks";

    @Inject
    JobContext context;

    public void perform() {
        RunLedger.ran(BATCH, context.enqueuedAt().orElseThrow().getEpochSecond());
    }
}
