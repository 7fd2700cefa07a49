package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob
public class NoPerformJob {

    public void run(String text) {
        // named wrongly on purpose
    }
}
