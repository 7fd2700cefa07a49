package dev.backgroundjobs.internal.tracing;

import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.payload.Payload;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Spans through the application's {@link OpenTelemetry} (MicroProfile Telemetry makes it a bean),
 * following OpenTelemetry's messaging conventions: a PRODUCER span {@code publish QUEUE} per job at
 * enqueue, a CONSUMER span {@code process QUEUE} around each run. The context travels in the payload
 * as W3C {@code traceparent} and {@code tracestate}. A first run is a child of its job's PRODUCER span; a
 * later run (a retry) starts a trace of its own, linked to that same context, so one trace does not
 * stretch over hours of back-off. Not a bean by itself: the extension adds it only when the OpenTelemetry
 * API is visible to the application.
 */
public class OpenTelemetryJobTracer implements JobTracer {

    private static final Logger LOG = Logger.getLogger(OpenTelemetryJobTracer.class.getName());

    static final String INSTRUMENTATION_SCOPE = "dev.backgroundjobs";
    /** Resque is the protocol on the wire (its keys and payloads), what a peer on the other end speaks. */
    static final String MESSAGING_SYSTEM = "resque";

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> JOB_NAME = AttributeKey.stringKey("background_jobs.job.name");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("background_jobs.attempt");
    static final AttributeKey<String> NOT_SENT = AttributeKey.stringKey("background_jobs.not_sent");

    /** Only the W3C trace context: no baggage (application data) goes into payloads. */
    private static final TextMapPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<JsonObject> PAYLOAD_FIELDS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(JsonObject payload) {
            return PROPAGATOR.fields();
        }

        @Override
        public String get(JsonObject payload, String key) {
            // Another type under one of these keys (a foreign producer's own field) is no context.
            return payload != null && payload.get(key) instanceof JsonString value ? value.getString() : null;
        }
    };

    @Inject
    Instance<OpenTelemetry> openTelemetry;

    @Inject
    BackgroundJobsConfig config;

    private Tracer tracer;
    private boolean propagate;

    @PostConstruct
    void init() {
        // Resolvable under MicroProfile Telemetry; an application may carry the API jar without the feature.
        init(openTelemetry.isResolvable() ? openTelemetry.get() : OpenTelemetry.noop(), config.tracePropagation());
    }

    void init(OpenTelemetry telemetry, boolean propagateInPayload) {
        tracer = telemetry.getTracer(INSTRUMENTATION_SCOPE);
        propagate = propagateInPayload;
    }

    @Override
    public Publish publish(String jobName, String queue, String jobId) {
        try {
            Span span = tracer.spanBuilder("publish " + queue)
                    .setSpanKind(SpanKind.PRODUCER)
                    .setAttribute(SYSTEM, MESSAGING_SYSTEM)
                    .setAttribute(DESTINATION, queue)
                    .setAttribute(OPERATION_NAME, "publish")
                    .setAttribute(OPERATION_TYPE, "send")
                    .setAttribute(MESSAGE_ID, jobId)
                    .setAttribute(JOB_NAME, jobName)
                    .startSpan();
            Map<String, String> fields = new LinkedHashMap<>();
            if (propagate) {
                PROPAGATOR.inject(Context.current().with(span), fields, (carrier, key, value) -> carrier.put(key, value));
            }
            return new PublishSpan(span, Collections.unmodifiableMap(fields));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "no span for job " + jobId, e);
            return Publish.NONE;
        }
    }

    @Override
    public <T> T process(String queue, Payload payload, Supplier<T> run, Function<T, Throwable> failureOf) {
        Span span;
        try {
            span = processSpan(queue, payload);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "no span for job " + payload.id(), e);
            return run.get();
        }
        try (Scope ignored = span.makeCurrent()) {
            T result = run.get();
            Throwable failure = failureOf.apply(result);
            if (failure != null) {
                failed(span, failure);
            }
            return result;
        } catch (RuntimeException | Error e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    private Span processSpan(String queue, Payload payload) {
        int attempt = payload.attempts() + 1;
        SpanBuilder builder = tracer.spanBuilder("process " + queue)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, MESSAGING_SYSTEM)
                .setAttribute(DESTINATION, queue)
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(JOB_NAME, payload.jobName())
                .setAttribute(ATTEMPT, (long) attempt);
        if (payload.id() != null) {
            builder.setAttribute(MESSAGE_ID, payload.id());
        }
        // The worker thread's own context (if any) is never the job's parent.
        Context sent = PROPAGATOR.extract(Context.root(), payload.json(), PAYLOAD_FIELDS);
        SpanContext creation = Span.fromContext(sent).getSpanContext();
        if (!creation.isValid()) {
            builder.setNoParent();
        } else if (attempt == 1) {
            builder.setParent(sent);
        } else {
            builder.setNoParent().addLink(creation);
        }
        return builder.startSpan();
    }

    private static void failed(Span span, Throwable failure) {
        span.recordException(failure);
        span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        span.setStatus(StatusCode.ERROR, failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName());
    }

    /** A PRODUCER span that ends at the first outcome of its job's send. */
    private static final class PublishSpan implements Publish {

        private final Span span;
        private final Map<String, String> fields;
        private final AtomicBoolean ended = new AtomicBoolean();

        PublishSpan(Span span, Map<String, String> fields) {
            this.span = span;
            this.fields = fields;
        }

        @Override
        public Map<String, String> payloadFields() {
            return fields;
        }

        @Override
        public void sent() {
            if (ended.compareAndSet(false, true)) {
                span.end();
            }
        }

        @Override
        public void notSent(String why) {
            if (ended.compareAndSet(false, true)) {
                span.setAttribute(NOT_SENT, why);
                span.addEvent("not sent: " + why);
                span.end();
            }
        }

        @Override
        public void failed(Throwable failure) {
            if (ended.compareAndSet(false, true)) {
                OpenTelemetryJobTracer.failed(span, failure);
                span.end();
            }
        }
    }
}
