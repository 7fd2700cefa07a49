package dev.backgroundjobs.internal.payload;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link PayloadCodec#encode(String, String, Instant, List, Map)}: extra string fields. */
class PayloadCodecExtraFieldsTest {

    /** 2026-11-27T08:27:07.513146Z */
    private static final Instant QUEUE_TIME = Instant.ofEpochSecond(1795768027L, 513_146_000);

    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static JsonObject object(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static Payload decode(String json) throws MalformedPayloadException {
        return PayloadCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void extraFieldsFollowTheStandardOnesInTheirOrder() {
        String json = PayloadCodec.encode("Report", "abc", QUEUE_TIME, List.of("7"),
                fields("queue", "reports", "origin", "scheduler"));
        assertEquals("{\"class\":\"Report\",\"args\":[7],\"id\":\"abc\",\"queue_time\":1795768027.513146,"
                + "\"queue\":\"reports\",\"origin\":\"scheduler\"}", json);
    }

    @Test
    void noExtraFieldsIsTheStandardPayload() {
        assertEquals(PayloadCodec.encode("Report", "abc", QUEUE_TIME, List.of("7")),
                PayloadCodec.encode("Report", "abc", QUEUE_TIME, List.of("7"), Map.of()));
    }

    @Test
    void valuesAreEscaped() {
        String value = "a \"quoted\" \\ value\nwith a new line, a tab\t and é";
        JsonObject payload = object(PayloadCodec.encode("Report", "abc", QUEUE_TIME, List.of(), fields("note", value)));
        assertEquals(value, payload.getString("note"));
    }

    @Test
    void namesAreEscaped() {
        String name = "we\"ird\\name";
        JsonObject payload = object(PayloadCodec.encode("Report", "abc", QUEUE_TIME, List.of(), fields(name, "x")));
        assertEquals("x", payload.getString(name));
    }

    @Test
    void decodeIgnoresThem() throws MalformedPayloadException {
        Payload plain = decode(PayloadCodec.encode("Report", "abc", QUEUE_TIME, List.of("\"daily\"", "7")));
        Payload extra = decode(PayloadCodec.encode("Report", "abc", QUEUE_TIME, List.of("\"daily\"", "7"),
                fields("queue", "reports", "origin", "scheduler")));
        assertEquals(List.of(plain.jobName(), plain.args(), plain.id(), plain.statusPrefix(), plain.attempts()),
                List.of(extra.jobName(), extra.args(), extra.id(), extra.statusPrefix(), extra.attempts()));
    }

    @Test
    void decodeKeepsThemForARetry() throws MalformedPayloadException {
        Payload payload = decode(PayloadCodec.encode("Report", "abc", QUEUE_TIME, List.of(), fields("queue", "reports")));
        assertEquals("reports", payload.json().getString("queue"));
    }
}
