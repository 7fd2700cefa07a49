package dev.backgroundjobs.it.outbox.paths;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.UniqueJob;

/** A unique job on a queue no worker reads, so the test sees what was queued. */
@BackgroundJob(queue = OutboxPathsIT.IDLE_QUEUE)
@UniqueJob(key = "key")
public class UniqueTallyJob {

    public void perform(String key) {
        // never runs here: its queue has no worker
    }
}
