package dev.backgroundjobs.it.interop;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

@BackgroundJob(queue = "interop")
public class GreetingJob {

    @Inject
    Recorder recorder;

    public void perform(String name, int times) {
        recorder.record("greetings", (name + " ").repeat(times).trim());
    }
}
