package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.event.JobStarted;
import dev.backgroundjobs.event.JobSucceeded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** An application observer with a bug: it must not break the worker or the job. */
@ApplicationScoped
public class ThrowingObserver {

    void started(@Observes JobStarted event) {
        throw new IllegalStateException("observer bug on start of " + event.jobId());
    }

    void succeeded(@Observes JobSucceeded event) {
        throw new IllegalStateException("observer bug on success of " + event.jobId());
    }
}
