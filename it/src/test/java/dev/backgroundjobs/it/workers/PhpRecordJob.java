package dev.backgroundjobs.it.workers;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

import java.util.Map;

/** Named like the PHP-Resque harness job, so payloads written by PHP-Resque run here. */
@BackgroundJob(name = "Harness_Record", queue = "harness")
public class PhpRecordJob {

    @Inject
    Recorder recorder;

    public void perform(Map<String, Object> args) {
        recorder.record("php", args);
    }
}
