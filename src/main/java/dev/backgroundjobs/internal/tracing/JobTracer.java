package dev.backgroundjobs.internal.tracing;

import dev.backgroundjobs.internal.payload.Payload;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the module asks of tracing. No OpenTelemetry type appears here, so a server without
 * MicroProfile Telemetry loads none: {@link #NONE} then stands in, and the OpenTelemetry one is a bean
 * only where the API is visible (see the extension).
 */
public interface JobTracer {

    /** Traces nothing and adds nothing to payloads. */
    JobTracer NONE = new JobTracer() {
        @Override
        public Publish publish(String jobName, String queue, String jobId) {
            return Publish.NONE;
        }

        @Override
        public <T> T process(String queue, Payload payload, Supplier<T> run, Function<T, Throwable> failureOf) {
            return run.get();
        }
    };

    /**
     * Starts the PRODUCER span of one job, as a child of the caller's current span (the request that
     * calls {@code JobQueue}), with the fields that carry its context in the payload.
     */
    Publish publish(String jobName, String queue, String jobId);

    /**
     * Runs {@code run} (the call of {@code perform}) inside the CONSUMER span of one run of a job, the
     * span current on this thread meanwhile; {@code failureOf} tells a failed run's exception from its
     * result. Never throws for tracing's sake: a payload's trace fields cannot keep its job from running.
     */
    <T> T process(String queue, Payload payload, Supplier<T> run, Function<T, Throwable> failureOf);

    /**
     * The PRODUCER span of one job on its way to Redis; it ends once, at the first of its calls, and
     * later calls are ignored (a job kept for a later send is sent again under a span already ended).
     */
    interface Publish {

        Publish NONE = new Publish() {
            @Override
            public Map<String, String> payloadFields() {
                return Map.of();
            }

            @Override
            public void sent() {
            }

            @Override
            public void notSent(String why) {
            }

            @Override
            public void failed(Throwable failure) {
            }
        };

        /** The top-level payload fields carrying the span's context ({@code traceparent}, {@code tracestate}), or none. */
        Map<String, String> payloadFields();

        /** Redis took the job. */
        void sent();

        /** The job was not sent, and never will be, for a reason that is no failure (a rollback, a unique key held). */
        void notSent(String why);

        /** Sending failed. */
        void failed(Throwable failure);
    }
}
