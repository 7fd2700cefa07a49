package dev.backgroundjobs.internal.tracing;

import dev.backgroundjobs.internal.payload.Payload;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tracer the module's enqueue and worker code call: the OpenTelemetry one where the extension
 * added it (MicroProfile Telemetry on the server and its API visible to the application), else one that
 * does nothing.
 */
@ApplicationScoped
public class Tracing {

    @Inject
    Instance<JobTracer> tracers;

    private JobTracer tracer = JobTracer.NONE;

    @PostConstruct
    void init() {
        tracer = tracers.isResolvable() ? tracers.get() : JobTracer.NONE;
    }

    /** See {@link JobTracer#publish}. */
    public JobTracer.Publish publish(String jobName, String queue, String jobId) {
        return tracer.publish(jobName, queue, jobId);
    }

    /** See {@link JobTracer#process}. */
    public <T> T process(String queue, Payload payload, Supplier<T> run, Function<T, Throwable> failureOf) {
        return tracer.process(queue, payload, run, failureOf);
    }
}
