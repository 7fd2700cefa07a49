package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.event.JobDead;
import dev.backgroundjobs.event.JobEvent;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/** Records every job event under its job id, and dead jobs also from an asynchronous observer. */
@ApplicationScoped
public class EventTrail {

    @Inject
    Recorder recorder;

    void any(@Observes JobEvent event) {
        recorder.record(event.jobId(), event);
    }

    void deadLater(@ObservesAsync JobDead event) {
        recorder.record("async-dead", event.jobId());
    }
}
