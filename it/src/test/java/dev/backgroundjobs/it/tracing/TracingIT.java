package dev.backgroundjobs.it.tracing;

import com.sun.net.httpserver.HttpServer;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Http;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.TestRedis;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spans a traced application exports, read as an OpenTelemetry collector would: an OTLP
 * (http/protobuf) receiver in this test takes what the server's exporter sends. The main suite's server
 * has no MicroProfile Telemetry (it proves the module works without it), so this test starts the build's
 * server itself, as the crash tests do, with {@code mpTelemetry-2.1} added by a config drop-in only for
 * its run, and the test application declared in it. One Liberty start for the whole class.
 */
class TracingIT {

    static final String APP = "tracing";
    static final String SERVICE = "background-jobs-tracing-it";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final HexFormat HEX = HexFormat.of();

    static final LibertyServer SERVER = LibertyServer.build();
    static final Path WAR = SERVER.dir.resolve("apps").resolve(APP + ".war");
    static final String DROP_IN = "tracing-it.xml";

    static final List<Span> SPANS = new CopyOnWriteArrayList<>();
    static HttpServer collector;

    @BeforeAll
    static void start() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
                request.getResourceSpansList().stream()
                        .filter(resource -> resource.getResource().getAttributesList().stream()
                                .anyMatch(attribute -> attribute.getKey().equals("service.name")
                                        && attribute.getValue().getStringValue().equals(SERVICE)))
                        .flatMap(resource -> resource.getScopeSpansList().stream())
                        .flatMap(scope -> scope.getSpansList().stream())
                        .forEach(SPANS::add);
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        collector.start();

        try (RedisClient redis = TestRedis.connect()) {
            redis.keys("it-tracing:*").forEach(redis::del);
        }
        Files.createDirectories(WAR.getParent());
        Deployments.webArchive(APP)
                .addClasses(TracedJob.class, FailsOnceJob.class, TracingResource.class,
                        TracingResource.TracingApplication.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-tracing",
                        "background-jobs.pool.default.queues=traced",
                        "background-jobs.pool.default.concurrency=2",
                        "background-jobs.poll-interval=1s",
                        // An OpenTelemetry SDK of this application only, exporting to the receiver above.
                        "otel.sdk.disabled=false",
                        "otel.service.name=" + SERVICE,
                        "otel.traces.exporter=otlp",
                        "otel.metrics.exporter=none",
                        "otel.logs.exporter=none",
                        "otel.exporter.otlp.protocol=http/protobuf",
                        "otel.exporter.otlp.endpoint=http://127.0.0.1:" + collector.getAddress().getPort(),
                        "otel.bsp.schedule.delay=100")), "META-INF/microprofile-config.properties")
                .as(ZipExporter.class).exportTo(WAR.toFile(), true);
        SERVER.override(DROP_IN, String.join("\n",
                "<server>",
                "  <featureManager>",
                "    <feature>mpTelemetry-2.1</feature>",
                "  </featureManager>",
                // No <classloader apiTypeVisibility="+third-party"/>: mpTelemetry-2.1 declares the
                // OpenTelemetry API packages of type "stable", which applications see by default.
                "  <webApplication id=\"" + APP + "\" location=\"" + APP + ".war\" contextRoot=\"" + APP + "\"/>",
                "</server>", ""));
        SERVER.start();
        awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            SERVER.stop();
        } finally {
            SERVER.removeOverride(DROP_IN);
            Files.deleteIfExists(WAR);
            if (collector != null) {
                collector.stop(0);
            }
        }
    }

    @Test
    void theJobRunsInTheTraceOfTheRequestThatSentIt() throws Exception {
        String id = post("now");
        Trace trace = trace(id, "/now");

        assertEquals(Span.SpanKind.SPAN_KIND_PRODUCER, trace.producer().getKind());
        assertEquals("publish traced", trace.producer().getName());
        assertEquals(trace.request().getSpanId(), trace.producer().getParentSpanId(), "the enqueue is a child of the request");
        assertEquals(trace.request().getTraceId(), trace.producer().getTraceId());
        assertEquals("resque", attribute(trace.producer(), "messaging.system"));
        assertEquals("traced", attribute(trace.producer(), "messaging.destination.name"));
        assertEquals("send", attribute(trace.producer(), "messaging.operation.type"));
        assertEquals(id, attribute(trace.producer(), "messaging.message.id"));
        assertEquals("TracedJob", attribute(trace.producer(), "background_jobs.job.name"));

        Span run = consumers(id).get(0);
        assertEquals("process traced", run.getName());
        assertEquals(trace.producer().getSpanId(), run.getParentSpanId(), "the run is a child of the enqueue");
        assertEquals(trace.request().getTraceId(), run.getTraceId());
        assertEquals("resque", attribute(run, "messaging.system"));
        assertEquals("process", attribute(run, "messaging.operation.type"));
        assertEquals("traced", attribute(run, "messaging.destination.name"));
        assertEquals("TracedJob", attribute(run, "background_jobs.job.name"));
        assertEquals(1L, run.getAttributesList().stream().filter(a -> a.getKey().equals("background_jobs.attempt"))
                .findFirst().orElseThrow().getValue().getIntValue());
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, run.getStatus().getCode());
        System.out.printf("tracing: request %s -> publish %s -> process %s in trace %s%n", hex(trace.request().getSpanId()),
                hex(trace.producer().getSpanId()), hex(run.getSpanId()), hex(run.getTraceId()));
    }

    @Test
    void aJobSentAfterTheCommitIsStillAChildOfTheRequest() throws Exception {
        String id = post("after-commit");
        Trace trace = trace(id, "/after-commit");
        assertEquals(trace.request().getSpanId(), trace.producer().getParentSpanId());
        assertTrue(trace.producer().getEndTimeUnixNano() >= trace.producer().getStartTimeUnixNano());
        assertEquals(trace.producer().getSpanId(), consumers(id).get(0).getParentSpanId());
    }

    @Test
    void aFailureIsRecordedAndTheRetryIsLinkedToTheFirstAttempt() throws Exception {
        String id = post("fails-once");
        Trace trace = trace(id, "/fails-once");
        Await.until("two runs of " + id, PATIENCE, () -> consumers(id).size() == 2);
        List<Span> runs = consumers(id);
        Span first = runs.stream().filter(run -> attempt(run) == 1).findFirst().orElseThrow();
        Span retry = runs.stream().filter(run -> attempt(run) == 2).findFirst().orElseThrow();

        assertEquals(trace.producer().getSpanId(), first.getParentSpanId());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, first.getStatus().getCode());
        assertEquals(FailsOnceJob.MESSAGE, first.getStatus().getMessage());
        assertEquals(IllegalStateException.class.getName(), attribute(first, "error.type"));
        Span.Event exception = first.getEventsList().stream().filter(event -> event.getName().equals("exception"))
                .findFirst().orElseThrow(() -> new AssertionError("no exception event on " + first));
        assertEquals(IllegalStateException.class.getName(), exception.getAttributesList().stream()
                .filter(a -> a.getKey().equals("exception.type")).findFirst().orElseThrow().getValue().getStringValue());

        assertTrue(retry.getParentSpanId().isEmpty(), "a retry starts a trace of its own");
        assertFalse(retry.getTraceId().equals(first.getTraceId()));
        assertEquals(1, retry.getLinksCount());
        assertEquals(first.getTraceId(), retry.getLinks(0).getTraceId(), "linked into the first attempt's trace");
        assertEquals(first.getParentSpanId(), retry.getLinks(0).getSpanId(),
                "linked to the context the first attempt ran in (the job's PRODUCER span)");
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, retry.getStatus().getCode());
    }

    private record Trace(Span request, Span producer) {
    }

    /** The request's SERVER span and the PRODUCER span of job {@code id}, once both are exported. */
    private static Trace trace(String id, String path) throws Exception {
        Span producer = await("the PRODUCER span of " + id, span -> span.getKind() == Span.SpanKind.SPAN_KIND_PRODUCER
                && id.equals(attribute(span, "messaging.message.id")));
        Span request = await("the SERVER span of " + path, span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                && span.getTraceId().equals(producer.getTraceId()));
        assertTrue(request.getName().endsWith(path) || attributes(request).contains(path), request.toString());
        await("a run of " + id, span -> isRunOf(span, id));
        return new Trace(request, producer);
    }

    private static List<Span> consumers(String id) {
        return SPANS.stream().filter(span -> isRunOf(span, id)).toList();
    }

    private static boolean isRunOf(Span span, String id) {
        return span.getKind() == Span.SpanKind.SPAN_KIND_CONSUMER && id.equals(attribute(span, "messaging.message.id"));
    }

    private static long attempt(Span span) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals("background_jobs.attempt")).findFirst()
                .orElseThrow().getValue().getIntValue();
    }

    private static Span await(String what, Predicate<Span> wanted) throws Exception {
        Await.until(what + " (spans so far: " + SPANS.size() + ")", PATIENCE, () -> SPANS.stream().anyMatch(wanted));
        return SPANS.stream().filter(wanted).findFirst().orElseThrow();
    }

    private static String attribute(Span span, String key) {
        Optional<KeyValue> found = span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst();
        return found.map(a -> a.getValue().getStringValue()).orElse(null);
    }

    private static String attributes(Span span) {
        return span.getAttributesList().toString();
    }

    private static String hex(com.google.protobuf.ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    private static void awaitReady() throws Exception {
        Await.until("the application answers", Duration.ofSeconds(120), () -> {
            try {
                return Http.get(endpoint("ready")).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static String post(String path) throws Exception {
        HttpResponse<String> response = Http.post(endpoint(path));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static URI endpoint(String path) {
        return Http.server("/" + APP + "/rest/tracing/" + path);
    }
}
