package dev.backgroundjobs.it.scheduling;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob(queue = "sched")
public class MarkJob {

    public void perform(String topic, String key) {
        Tally.count(topic, key);
    }
}
