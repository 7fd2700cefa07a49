package dev.backgroundjobs.it.scheduling;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.UniqueJob;

/** Unique per user until it finishes; slow enough that all concurrent enqueues meet the held key. */
@BackgroundJob(queue = "sched")
@UniqueJob(key = "userId", until = UniqueJob.Until.FINISHED, expireAfter = "1m")
public class ProfileRecommendations {

    public void perform(long userId, String reason) throws InterruptedException {
        Thread.sleep(2_000);
        Tally.count("unique", Long.toString(userId));
    }
}
