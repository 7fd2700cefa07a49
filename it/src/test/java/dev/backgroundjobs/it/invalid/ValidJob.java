package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob
public class ValidJob {

    public void perform(String text) {
    }
}
