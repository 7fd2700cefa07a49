package dev.backgroundjobs.it.scheduling;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.UniqueJob;
import java.time.Duration;

/**
 * Unique per user until it finishes. It runs until the test opens its gate, so that every concurrent
 * enqueue meets the held key however slowly a loaded machine answers them.
 */
@BackgroundJob(queue = "sched")
@UniqueJob(key = "userId", until = UniqueJob.Until.FINISHED, expireAfter = "1m")
public class ProfileRecommendations {

    public void perform(long userId, String reason) throws InterruptedException {
        Tally.awaitGate("unique", Duration.ofSeconds(30));
        Tally.count("unique", Long.toString(userId));
    }
}
