package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob(name = "SameName")
public class DuplicateNameJob {

    public void perform() {
    }
}
