package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.Recurring;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** A recurring job, every 2 seconds. */
@BackgroundJob(queue = "tls")
@Recurring(cron = "*/2 * * * * *")
public class TickJob {

    @Inject
    Recorder recorder;

    public void perform() {
        recorder.record("ticks", "tick");
    }
}
