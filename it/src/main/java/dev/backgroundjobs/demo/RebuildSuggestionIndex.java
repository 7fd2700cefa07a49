package dev.backgroundjobs.demo;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.JobContext;
import jakarta.inject.Inject;

/**
 * A long job: rebuilds the friend-suggestion index city by city, reporting its progress after each,
 * and stops between two cities when it is cancelled (the dashboard shows both).
 */
@BackgroundJob(queue = "recommendations")
public class RebuildSuggestionIndex {

    static final long MILLIS_PER_CITY = 500;

    @Inject
    JobContext context;

    public void perform(int cities) throws InterruptedException {
        for (int city = 1; city <= cities && !context.cancelRequested(); city++) {
            Thread.sleep(MILLIS_PER_CITY);
            context.reportProgress(city * 100 / cities, "indexed city " + city + " of " + cities);
        }
    }
}
