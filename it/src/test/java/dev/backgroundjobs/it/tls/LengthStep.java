package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.BackgroundJob;

/** A chain's first step: its result, the word's length, goes to the next step. */
@BackgroundJob(queue = "tls")
public class LengthStep {

    public int perform(String word) {
        return word.length();
    }
}
