package dev.backgroundjobs.it.workers;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

/** Takes positional arguments, as Ruby Resque producers write them. */
@BackgroundJob(name = "Adder", queue = "misc")
public class RubyAdderJob {

    @Inject
    Recorder recorder;

    public void perform(int left, int right) {
        recorder.record("sum", left + right);
    }
}
