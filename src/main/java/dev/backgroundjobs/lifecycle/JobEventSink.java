package dev.backgroundjobs.lifecycle;

import dev.backgroundjobs.JobEvent;

/** A part of the module that takes every job event (log lines, metrics), before application observers do. */
public interface JobEventSink {

    void accept(JobEvent event);
}
