package dev.backgroundjobs.internal.lifecycle;

import dev.backgroundjobs.event.JobEvent;

/** A part of the module that takes every job event (log lines, metrics), before application observers do. */
public interface JobEventSink {

    void accept(JobEvent event);
}
