package dev.backgroundjobs.internal.tracing;

import dev.backgroundjobs.internal.payload.MalformedPayloadException;
import dev.backgroundjobs.internal.payload.Payload;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenTelemetryJobTracerTest {

    final InMemorySpanExporter exported = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .build();
    final OpenTelemetryJobTracer tracer = tracer(true);

    @AfterEach
    void close() {
        sdk.close();
    }

    OpenTelemetryJobTracer tracer(boolean propagate) {
        OpenTelemetryJobTracer created = new OpenTelemetryJobTracer();
        created.init(sdk, propagate);
        return created;
    }

    @Test
    void theProducerSpanIsAChildOfTheCallersAndItsContextGoesIntoThePayload() {
        Span request = sdk.getTracer("test").spanBuilder("POST /profile").startSpan();
        JobTracer.Publish publish;
        try (Scope ignored = request.makeCurrent()) {
            publish = tracer.publish("SendMail", "mail", "abc123");
        }
        assertTrue(exported.getFinishedSpanItems().isEmpty(), "the span ends when the job is sent");
        publish.sent();
        request.end();

        SpanData producer = span("publish mail");
        assertEquals(SpanKind.PRODUCER, producer.getKind());
        assertEquals(request.getSpanContext().getSpanId(), producer.getParentSpanId());
        assertEquals("resque", producer.getAttributes().get(OpenTelemetryJobTracer.SYSTEM));
        assertEquals("mail", producer.getAttributes().get(OpenTelemetryJobTracer.DESTINATION));
        assertEquals("send", producer.getAttributes().get(OpenTelemetryJobTracer.OPERATION_TYPE));
        assertEquals("abc123", producer.getAttributes().get(OpenTelemetryJobTracer.MESSAGE_ID));
        assertEquals("SendMail", producer.getAttributes().get(OpenTelemetryJobTracer.JOB_NAME));
        assertEquals("00-" + producer.getTraceId() + "-" + producer.getSpanId() + "-01",
                publish.payloadFields().get("traceparent"));
    }

    @Test
    void aFirstRunIsAChildOfItsProducerAndARetryIsLinkedToIt() throws Exception {
        JobTracer.Publish publish = tracer.publish("SendMail", "mail", "abc123");
        publish.sent();
        SpanData producer = span("publish mail");
        String payload = PayloadCodec.encode("SendMail", "abc123", Instant.now(), List.of("1"), publish.payloadFields());

        Payload first = decode(payload);
        Throwable failure = new IllegalStateException("SMTP down");
        assertSame(failure, tracer.process("mail", first, () -> failure, thrown -> thrown));
        Payload retry = decode(PayloadCodec.nextAttempt(first, "mail", 1, Instant.now(), Instant.now()));
        assertEquals("ok", tracer.process("mail", retry, () -> "ok", result -> null));

        List<SpanData> runs = exported.getFinishedSpanItems().stream().filter(span -> span.getName().equals("process mail")).toList();
        assertEquals(2, runs.size());
        SpanData firstRun = runs.get(0);
        assertEquals(SpanKind.CONSUMER, firstRun.getKind());
        assertEquals(producer.getSpanId(), firstRun.getParentSpanId());
        assertEquals(producer.getTraceId(), firstRun.getTraceId());
        assertEquals(StatusCode.ERROR, firstRun.getStatus().getStatusCode());
        assertEquals("SMTP down", firstRun.getStatus().getDescription());
        assertEquals("exception", firstRun.getEvents().get(0).getName());
        assertEquals(1L, firstRun.getAttributes().get(OpenTelemetryJobTracer.ATTEMPT));
        assertEquals("abc123", firstRun.getAttributes().get(OpenTelemetryJobTracer.MESSAGE_ID));

        SpanData secondRun = runs.get(1);
        assertFalse(secondRun.getParentSpanContext().isValid(), "a retry starts a trace of its own");
        assertEquals(1, secondRun.getLinks().size());
        assertEquals(producer.getTraceId(), secondRun.getLinks().get(0).getSpanContext().getTraceId());
        assertEquals(producer.getSpanId(), secondRun.getLinks().get(0).getSpanContext().getSpanId());
        assertEquals(2L, secondRun.getAttributes().get(OpenTelemetryJobTracer.ATTEMPT));
        assertEquals(StatusCode.UNSET, secondRun.getStatus().getStatusCode());
    }

    @Test
    void theSpanIsCurrentWhileTheJobRuns() throws Exception {
        Payload payload = decode("{\"class\":\"A\",\"args\":[]}");
        String[] seen = new String[1];
        tracer.process("q", payload, () -> seen[0] = Span.current().getSpanContext().getSpanId(), result -> null);
        assertEquals(span("process q").getSpanId(), seen[0]);
        assertFalse(Span.current().getSpanContext().isValid());
    }

    @Test
    void foreignOrBrokenTraceFieldsGiveARootSpanAndTheJobStillRuns() throws Exception {
        for (String fields : List.of("", ",\"traceparent\":42", ",\"traceparent\":\"00-zz-yy-01\"",
                ",\"traceparent\":\"00-00000000000000000000000000000000-0000000000000000-01\",\"tracestate\":\"\\u0000\"")) {
            exported.reset();
            Payload payload = decode("{\"class\":\"A\",\"args\":[]" + fields + "}");
            assertEquals("ran", tracer.process("q", payload, () -> "ran", result -> null));
            SpanData run = span("process q");
            assertFalse(run.getParentSpanContext().isValid(), fields);
            assertTrue(run.getLinks().isEmpty(), fields);
            assertNull(run.getAttributes().get(OpenTelemetryJobTracer.MESSAGE_ID), "no id in a Ruby payload");
        }
    }

    @Test
    void withoutPropagationThePayloadCarriesNothing() {
        JobTracer.Publish publish = tracer(false).publish("A", "q", "1");
        assertEquals(Map.of(), publish.payloadFields());
        publish.sent();
        assertEquals(1, exported.getFinishedSpanItems().size());
    }

    @Test
    void aSpanEndsOnceWithTheFirstOutcome() {
        JobTracer.Publish publish = tracer.publish("A", "q", "1");
        publish.failed(new IllegalStateException("Redis down"));
        publish.sent();
        publish.notSent("rolled back");
        SpanData producer = span("publish q");
        assertEquals(1, exported.getFinishedSpanItems().size());
        assertEquals(StatusCode.ERROR, producer.getStatus().getStatusCode());

        exported.reset();
        tracer.publish("A", "q", "2").notSent("the transaction rolled back");
        SpanData dropped = span("publish q");
        assertEquals("the transaction rolled back", dropped.getAttributes().get(OpenTelemetryJobTracer.NOT_SENT));
        assertEquals(StatusCode.UNSET, dropped.getStatus().getStatusCode());
    }

    private SpanData span(String name) {
        return exported.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exported.getFinishedSpanItems()));
    }

    private static Payload decode(String json) throws MalformedPayloadException {
        return PayloadCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
