package dev.backgroundjobs.it.allqueues;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Deployed in a library jar inside the WAR, not in WEB-INF/classes. */
@BackgroundJob(queue = "library")
public class LibraryJob {

    @Inject
    Recorder recorder;

    public void perform(String text) {
        recorder.record("library", text);
    }
}
