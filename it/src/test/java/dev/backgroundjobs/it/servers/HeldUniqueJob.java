package dev.backgroundjobs.it.servers;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.UniqueJob;

/**
 * Unique per user until it finishes, and it does not finish until the test opens its gate: every
 * enqueue the test makes meanwhile, on either server, must meet the held key, however slowly the
 * machine answers them.
 */
@BackgroundJob(queue = HeldUniqueJob.QUEUE)
@UniqueJob(key = "userId", until = UniqueJob.Until.FINISHED, expireAfter = "2m")
public class HeldUniqueJob {

    static final String QUEUE = "unique";
    static final String BATCH = "unique";
    static final String STARTED = BATCH + "-started";
    static final long MOST_MILLIS = 90_000;

    public void perform(long userId) throws InterruptedException {
        RunLedger.ran(STARTED, userId);
        long deadline = System.nanoTime() + MOST_MILLIS * 1_000_000;
        while (!RunLedger.gateOpen(BATCH) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        RunLedger.ran(BATCH, userId);
    }
}
