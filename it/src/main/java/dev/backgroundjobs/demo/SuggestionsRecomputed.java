package dev.backgroundjobs.demo;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** The callback of a batch of suggestion recomputations: runs once every job of the batch has ended. */
@BackgroundJob(queue = "recommendations")
public class SuggestionsRecomputed {

    @Inject
    SlowWork work;

    public void perform(String batchId, int users) throws InterruptedException {
        work.perform("SuggestionsRecomputed", users + " users, batch " + batchId);
    }
}
