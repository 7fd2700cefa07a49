package dev.backgroundjobs.internal.failures;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FailureRecordTest {

    private static final Instant FAILED_AT = Instant.parse("2026-01-12T15:23:55.987Z");

    /** PHP-Resque failed record from fixtures/resque-wire-samples.md. */
    private static final String PHP_FAILED_RECORD = "{\"failed_at\":\"2026-11-27T08:27:17+00:00\",\"payload\":"
            + "{\"class\":\"Harness_Fail\",\"args\":[{\"harness\":\"fail\",\"seq\":0}],"
            + "\"id\":\"43c8a634b35b59e623a08ee4edd96d07\",\"prefix\":\"\",\"queue_time\":1795768027.52968},"
            + "\"exception\":\"RuntimeException\",\"error\":\"Harness_Fail: deliberate failure, "
            + "args={\\\"harness\\\":\\\"fail\\\",\\\"seq\\\":0}\",\"backtrace\":[\"#0 \\/opt\\/php-resque\\/lib\\/"
            + "JobHandler.php(214): Harness_Fail->perform()\",\"#1 \\/opt\\/php-resque\\/lib\\/Worker\\/"
            + "ResqueWorker.php(321): Resque\\\\JobHandler->perform()\",\"#4 {main}\"],\"worker\":\"vm:21094:harness\","
            + "\"queue\":\"harness\"}";

    private static final String PAYLOAD = "{\"class\":\"SendMail\",\"args\":[\"ada@example.com\",3],"
            + "\"id\":\"65409f246a43970a3835b3b838cf7281\",\"queue_time\":1795768027.513146}";

    private static JsonValue parse(String json) {
        return Json.createReader(new StringReader(json)).readValue();
    }

    private static JsonObject record(String payload, Throwable failure) {
        String json = FailureRecord.json(FAILED_AT, payload.getBytes(StandardCharsets.UTF_8), failure,
                "host/app/default-0:4242:mail", "mail", 1);
        return parse(json).asJsonObject();
    }

    private static JsonObject record(Throwable failure) {
        return record(PAYLOAD, failure);
    }

    @Test
    void hasTheFieldsOfAResqueFailedRecordPlusTheAttempts() {
        Set<String> expected = new LinkedHashSet<>(parse(PHP_FAILED_RECORD).asJsonObject().keySet());
        expected.add("attempts");
        assertEquals(expected, record(new IllegalStateException("x")).keySet());
        assertEquals(1, record(new IllegalStateException("x")).getInt("attempts"));
    }

    @Test
    void failedAtIsRubyFormatInUtcWithoutFraction() {
        assertEquals("2026/01/12 15:23:55 UTC", record(new IllegalStateException("x")).getString("failed_at"));
    }

    @Test
    void failedAtIsInUtcWhateverTheDefaultTimeZone() {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Auckland"));
        try {
            assertEquals("2026/01/12 15:23:55 UTC", record(new IllegalStateException("x")).getString("failed_at"));
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void validPayloadIsEmbeddedAsAJsonObject() {
        assertEquals(parse(PAYLOAD), record(new IllegalStateException("x")).get("payload"));
    }

    @Test
    void phpPayloadWithEscapedSlashesAndExtraFieldsIsKeptWhole() {
        String phpPayload = "{\"class\":\"Harness_Record\",\"args\":[{\"url\":\"https:\\/\\/example.com\\/\"}],"
                + "\"id\":\"65409f246a43970a3835b3b838cf7281\",\"prefix\":\"\",\"queue_time\":1795768027.513146}";
        assertEquals(parse(phpPayload), record(phpPayload, new IllegalStateException("x")).get("payload"));
    }

    @Test
    void malformedPayloadIsEmbeddedAsTheStringItWas() {
        String malformed = "{\"class\":\"SendMail\",\"args\":[";
        JsonValue payload = record(malformed, new IllegalStateException("x")).get("payload");
        assertEquals(Json.createValue(malformed), payload);
    }

    @Test
    void emptyPayloadIsEmbeddedAsAnEmptyString() {
        String json = FailureRecord.json(FAILED_AT, new byte[0], new IllegalStateException("x"), "w", "q", 1);
        assertEquals(Json.createValue(""), parse(json).asJsonObject().get("payload"));
    }

    @Test
    void exceptionIsTheFullyQualifiedClassName() {
        assertEquals("java.lang.IllegalStateException", record(new IllegalStateException("x")).getString("exception"));
    }

    @Test
    void errorIsTheExceptionMessage() {
        assertEquals("mail server said \"no\"", record(new IllegalStateException("mail server said \"no\""))
                .getString("error"));
    }

    @Test
    void errorOfAnExceptionWithoutMessageIsItsToString() {
        assertEquals("java.lang.NullPointerException", record(new NullPointerException()).getString("error"));
    }

    @Test
    void backtraceIsOneStringPerStackFrame() {
        Exception failure = new IllegalStateException("x");
        List<String> expected = Arrays.stream(failure.getStackTrace()).map(StackTraceElement::toString).toList();

        JsonArray backtrace = record(failure).getJsonArray("backtrace");

        assertFalse(expected.isEmpty());
        assertEquals(expected, backtrace.getValuesAs(JsonString::getString));
    }

    @Test
    void exceptionWithoutStackTraceHasAnEmptyBacktrace() {
        Exception failure = new IllegalStateException("x");
        failure.setStackTrace(new StackTraceElement[0]);
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, record(failure).getJsonArray("backtrace"));
    }

    @Test
    void workerAndQueue() {
        JsonObject record = record(new IllegalStateException("x"));
        assertEquals("host/app/default-0:4242:mail", record.getString("worker"));
        assertEquals("mail", record.getString("queue"));
    }
}
