package dev.backgroundjobs.it.lifecycle;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

@BackgroundJob(queue = "life")
public class EchoJob {

    @Inject
    Recorder recorder;

    public void perform(String text) {
        recorder.record("echo", text);
    }
}
