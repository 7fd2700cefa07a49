package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.BackgroundJob;

@BackgroundJob(name = "SameName")
public class OtherDuplicateNameJob {

    public void perform() {
    }
}
