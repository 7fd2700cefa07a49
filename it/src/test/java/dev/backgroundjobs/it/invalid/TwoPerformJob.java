package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob
public class TwoPerformJob {

    public void perform(String text) {
    }

    public void perform(int number) {
    }
}
