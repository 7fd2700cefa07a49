package dev.backgroundjobs.internal.payload;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadCodecTest {

    /** PHP-Resque queue entry, byte for byte as in fixtures/resque-wire-samples.md. */
    static final String PHP_QUEUE_ENTRY = "{\"class\":\"Harness_Record\",\"args\":[{\"harness\":\"record\",\"nested\":"
            + "{\"a\":[1,2.5,\"x\"],\"b\":null,\"t\":true},\"seq\":0}],\"id\":\"65409f246a43970a3835b3b838cf7281\","
            + "\"prefix\":\"\",\"queue_time\":1795768027.513146}";

    /** The minimal payload of another producer that the PHP worker accepted (fixtures file). */
    static final String PHP_MINIMAL = "{\"class\":\"Harness_Record\",\"args\":[{\"from\":\"java\"}],\"id\":\"java-0001\"}";

    /** Ruby Resque queue entry (fixtures file). */
    static final String RUBY_QUEUE_ENTRY = "{\"class\":\"Archive\",\"args\":[1,\"x\"]}";

    /** 2026-11-27T08:27:07.513146Z, the queue_time of the PHP sample. */
    static final Instant QUEUE_TIME = Instant.ofEpochSecond(1795768027L, 513_146_000);

    private static Payload decode(String json) throws MalformedPayloadException {
        return PayloadCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject object(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static JsonArray array(String json) {
        return Json.createReader(new StringReader(json)).readArray();
    }

    @Nested
    class NewJobId {

        @Test
        void is32LowercaseHexDigits() {
            String id = PayloadCodec.newJobId();
            assertTrue(id.matches("[0-9a-f]{32}"), id);
        }

        @Test
        void isDifferentEachTime() {
            assertNotEquals(PayloadCodec.newJobId(), PayloadCodec.newJobId());
        }
    }

    @Nested
    class Encode {

        @Test
        void writesClassArgsIdAndQueueTimeInResqueOrder() {
            String json = PayloadCodec.encode("SendMail", "65409f246a43970a3835b3b838cf7281", QUEUE_TIME,
                    List.of("\"ada@example.com\"", "3", "{\"a\":[1]}"));
            assertEquals("{\"class\":\"SendMail\",\"args\":[\"ada@example.com\",3,{\"a\":[1]}],"
                    + "\"id\":\"65409f246a43970a3835b3b838cf7281\",\"queue_time\":1795768027.513146}", json);
        }

        @Test
        void writesNoArgumentsAsEmptyArray() {
            JsonObject payload = object(PayloadCodec.encode("Cleanup", "id1", QUEUE_TIME, List.of()));
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, payload.getJsonArray("args"));
        }

        @Test
        void queueTimeHasSixDecimalsForWholeSeconds() {
            String json = PayloadCodec.encode("J", "id", Instant.ofEpochSecond(1795768027L), List.of());
            assertTrue(json.endsWith(",\"queue_time\":1795768027.000000}"), json);
        }

        @Test
        void queueTimeTruncatesNanosecondsToMicroseconds() {
            String json = PayloadCodec.encode("J", "id", Instant.ofEpochSecond(1795768027L, 513_146_999), List.of());
            assertTrue(json.endsWith(",\"queue_time\":1795768027.513146}"), json);
        }

        @Test
        void queueTimeIsInPlainNotationAtTheEpoch() {
            String json = PayloadCodec.encode("J", "id", Instant.EPOCH, List.of());
            assertTrue(json.endsWith(",\"queue_time\":0.000000}"), json);
        }

        @Test
        void queueTimeIsAJsonNumber() {
            JsonNumber queueTime = object(PayloadCodec.encode("J", "id", QUEUE_TIME, List.of()))
                    .getJsonNumber("queue_time");
            assertEquals(new BigDecimal("1795768027.513146"), queueTime.bigDecimalValue());
        }

        @Test
        void escapesJobNameAndId() {
            String name = "we\"ird\\name/é";
            JsonObject payload = object(PayloadCodec.encode(name, "i\"d", QUEUE_TIME, List.of()));
            assertEquals(name, payload.getString("class"));
            assertEquals("i\"d", payload.getString("id"));
        }

        @Test
        void encodedPayloadDecodesToTheSameJob() throws MalformedPayloadException {
            String json = PayloadCodec.encode("SendMail", "abc", QUEUE_TIME, List.of("\"x\"", "null", "[1,2]"));
            Payload payload = decode(json);
            assertEquals("SendMail", payload.jobName());
            assertEquals(array("[\"x\",null,[1,2]]"), payload.args());
            assertEquals("abc", payload.id());
            assertEquals(0, payload.attempts());
        }
    }

    @Nested
    class Decode {

        @Test
        void rubyPayloadWithPositionalArgumentsAndNoId() throws MalformedPayloadException {
            Payload payload = decode(RUBY_QUEUE_ENTRY);
            assertEquals("Archive", payload.jobName());
            assertEquals(array("[1,\"x\"]"), payload.args());
            assertNull(payload.id());
        }

        @Test
        void phpPayloadExactlyAsWritten() throws MalformedPayloadException {
            Payload payload = decode(PHP_QUEUE_ENTRY);
            assertEquals("Harness_Record", payload.jobName());
            assertEquals("65409f246a43970a3835b3b838cf7281", payload.id());
            assertEquals(array("[{\"harness\":\"record\",\"nested\":{\"a\":[1,2.5,\"x\"],\"b\":null,\"t\":true},"
                    + "\"seq\":0}]"), payload.args());
        }

        @Test
        void phpMinimalPayloadFromAnotherProducer() throws MalformedPayloadException {
            Payload payload = decode(PHP_MINIMAL);
            assertEquals("java-0001", payload.id());
            assertEquals(array("[{\"from\":\"java\"}]"), payload.args());
        }

        @Test
        void phpEscapedSlashesAndUnicodeAreDecoded() throws MalformedPayloadException {
            String php = "{\"class\":\"Harness_Record\",\"args\":[{\"url\":\"https:\\/\\/example.com\\/a\\/b\","
                    + "\"name\":\"Ren\\u00e9\"}],\"id\":\"65409f246a43970a3835b3b838cf7281\",\"prefix\":\"\","
                    + "\"queue_time\":1795768027.513146}";
            JsonObject argument = decode(php).args().getJsonObject(0);
            assertEquals("https://example.com/a/b", argument.getString("url"));
            assertEquals("René", argument.getString("name"));
        }

        @Test
        void phpAndUnescapedFormsOfTheSameArgumentsAreEqual() throws MalformedPayloadException {
            Payload php = decode("{\"class\":\"J\",\"args\":[{\"path\":\"\\/tmp\\/x\"}]}");
            Payload plain = decode("{\"class\":\"J\",\"args\":[{\"path\":\"/tmp/x\"}]}");
            assertEquals(plain.args(), php.args());
        }

        @Test
        void unknownFieldsAreIgnored() throws MalformedPayloadException {
            Payload payload = decode("{\"retry\":3,\"class\":\"J\",\"unique_key\":\"k\",\"args\":[],"
                    + "\"queue\":\"mail\",\"prefix\":\"p\",\"queue_time\":1.5,\"extra\":{\"x\":[]}}");
            assertEquals("J", payload.jobName());
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, payload.args());
            assertNull(payload.id());
            assertEquals("p", payload.statusPrefix(), "PHP-Resque's status prefix is read");
            assertEquals(3, payload.json().getInt("retry"), "unknown fields are kept for a retry");
        }

        @Test
        void resqueSchedulerPayloadWithQueueField() throws MalformedPayloadException {
            Payload payload = decode("{\"class\":\"Report\",\"args\":[7],\"queue\":\"reports\"}");
            assertEquals("Report", payload.jobName());
            assertEquals(array("[7]"), payload.args());
        }

        @Test
        void argsAsASingleObjectBecomeOneArgument() throws MalformedPayloadException {
            Payload payload = decode("{\"class\":\"J\",\"args\":{\"a\":1}}");
            assertEquals(array("[{\"a\":1}]"), payload.args());
        }

        @Test
        void missingArgsAreNoArguments() throws MalformedPayloadException {
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, decode("{\"class\":\"J\"}").args());
        }

        @Test
        void nullArgsAreNoArguments() throws MalformedPayloadException {
            assertEquals(JsonValue.EMPTY_JSON_ARRAY, decode("{\"class\":\"J\",\"args\":null}").args());
        }

        @Test
        void nonStringIdIsAbsent() throws MalformedPayloadException {
            assertNull(decode("{\"class\":\"J\",\"args\":[],\"id\":42}").id());
        }

        @Test
        void leadingAndTrailingWhitespaceIsAllowed() throws MalformedPayloadException {
            assertEquals("J", decode(" \n{\"class\":\"J\",\"args\":[]}\n ").jobName());
        }
    }

    @Nested
    class Malformed {

        private static final String BGJ0030E = "BGJ0030E: the payload is not a Resque job: ";

        private MalformedPayloadException malformed(String json) {
            return assertThrows(MalformedPayloadException.class, () -> decode(json));
        }

        @ParameterizedTest
        @ValueSource(strings = {"hello", "{\"class\":\"J\",\"args\":[", "{class:\"J\"}", "{\"class\":\"J\",}", "   "})
        void notJson(String text) {
            MalformedPayloadException e = malformed(text);
            assertTrue(e.getMessage().startsWith(BGJ0030E + "not valid JSON"), e.getMessage());
        }

        @Test
        void emptyBytes() {
            MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                    () -> PayloadCodec.decode(new byte[0]));
            assertTrue(e.getMessage().startsWith(BGJ0030E + "not valid JSON"), e.getMessage());
        }

        @Test
        void trailingContentAfterTheObject() {
            MalformedPayloadException e = malformed("{\"class\":\"J\",\"args\":[]} trailing");
            assertTrue(e.getMessage().startsWith(BGJ0030E + "not valid JSON"), e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"[{\"class\":\"J\"}]", "\"J\"", "42", "null", "true"})
        void notAnObject(String json) {
            MalformedPayloadException e = malformed(json);
            assertTrue(e.getMessage().startsWith(BGJ0030E + "expected a JSON object, found "), e.getMessage());
        }

        @Test
        void notAnObjectNamesWhatWasFound() {
            assertEquals(BGJ0030E + "expected a JSON object, found ARRAY", malformed("[]").getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"args\":[]}", "{\"class\":null,\"args\":[]}", "{\"class\":42,\"args\":[]}",
                "{\"class\":[\"J\"],\"args\":[]}", "{\"class\":\"\",\"args\":[]}", "{\"class\":\"  \",\"args\":[]}"})
        void classMissingNotAStringOrBlank(String json) {
            MalformedPayloadException e = malformed(json);
            assertTrue(e.getMessage().contains("\"class\" (the job name)"), e.getMessage());
        }

        @Test
        void argsANumber() {
            assertEquals(BGJ0030E + "the field \"args\" must be an array, found NUMBER",
                    malformed("{\"class\":\"J\",\"args\":1}").getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"x\"", "true"})
        void argsAScalar(String args) {
            MalformedPayloadException e = malformed("{\"class\":\"J\",\"args\":" + args + "}");
            assertTrue(e.getMessage().startsWith(BGJ0030E + "the field \"args\" must be an array"), e.getMessage());
        }

        @Test
        void invalidJsonKeepsTheParserErrorAsCause() {
            assertTrue(malformed("{").getCause() instanceof jakarta.json.JsonException);
        }
    }

    @Nested
    class DecodeRetryFields {

        @Test
        void attemptsAreRead() throws MalformedPayloadException {
            assertEquals(2, decode("{\"class\":\"J\",\"args\":[],\"attempts\":2}").attempts());
        }

        @Test
        void missingAttemptsAreZero() throws MalformedPayloadException {
            assertEquals(0, decode(PHP_QUEUE_ENTRY).attempts());
        }

        @Test
        void attemptsThatAreNotANumberAreZero() throws MalformedPayloadException {
            assertEquals(0, decode("{\"class\":\"J\",\"args\":[],\"attempts\":\"2\"}").attempts());
        }

        @Test
        void phpPrefixIsTheStatusPrefix() throws MalformedPayloadException {
            assertEquals("tenant7", decode("{\"class\":\"J\",\"args\":[],\"id\":\"abc\",\"prefix\":\"tenant7\"}")
                    .statusPrefix());
        }

        @Test
        void phpEmptyPrefixIsEmpty() throws MalformedPayloadException {
            assertEquals("", decode(PHP_QUEUE_ENTRY).statusPrefix());
        }

        @Test
        void missingPrefixIsEmpty() throws MalformedPayloadException {
            assertEquals("", decode(RUBY_QUEUE_ENTRY).statusPrefix());
        }

        @Test
        void prefixThatIsNotAStringIsEmpty() throws MalformedPayloadException {
            assertEquals("", decode("{\"class\":\"J\",\"args\":[],\"prefix\":null}").statusPrefix());
        }
    }

    @Nested
    class NextAttempt {

        /** 2026-11-27T08:27:17.250Z */
        private final Instant failedAt = Instant.ofEpochSecond(1795768037L, 250_000_000);

        private JsonObject next(String payload, String queue, int attemptsMade) throws MalformedPayloadException {
            return object(PayloadCodec.nextAttempt(decode(payload), queue, attemptsMade, failedAt, failedAt.plusSeconds(10)));
        }

        @Test
        void keepsEveryFieldOfAPhpPayload() throws MalformedPayloadException {
            JsonObject next = next(PHP_QUEUE_ENTRY, "harness", 1);
            JsonObject original = object(PHP_QUEUE_ENTRY);
            for (String field : original.keySet()) {
                assertEquals(original.get(field), next.get(field), field);
            }
        }

        @Test
        void keepsThePhpPrefix() throws MalformedPayloadException {
            JsonObject next = next("{\"class\":\"J\",\"args\":[],\"id\":\"abc\",\"prefix\":\"tenant7\"}", "q", 1);
            assertEquals("tenant7", next.getString("prefix"));
        }

        @Test
        void keepsUnknownFields() throws MalformedPayloadException {
            JsonObject next = next("{\"class\":\"J\",\"args\":[],\"unique_key\":\"k\",\"extra\":{\"x\":[1]}}", "q", 1);
            assertEquals("k", next.getString("unique_key"));
            assertEquals(object("{\"x\":[1]}"), next.getJsonObject("extra"));
        }

        @Test
        void setsTheAttemptsMade() throws MalformedPayloadException {
            assertEquals(1, next(PHP_QUEUE_ENTRY, "harness", 1).getInt("attempts"));
        }

        @Test
        void replacesEarlierAttempts() throws MalformedPayloadException {
            assertEquals(3, next("{\"class\":\"J\",\"args\":[],\"id\":\"a\",\"attempts\":2}", "q", 3).getInt("attempts"));
        }

        @Test
        void setsTheQueue() throws MalformedPayloadException {
            assertEquals("harness", next(PHP_QUEUE_ENTRY, "harness", 1).getString("queue"));
        }

        @Test
        void replacesAnEarlierQueue() throws MalformedPayloadException {
            assertEquals("mail", next("{\"class\":\"J\",\"args\":[],\"queue\":\"reports\"}", "mail", 1)
                    .getString("queue"));
        }

        @Test
        void keepsAnExistingId() throws MalformedPayloadException {
            assertEquals("65409f246a43970a3835b3b838cf7281", next(PHP_QUEUE_ENTRY, "harness", 1).getString("id"));
        }

        @Test
        void addsAnIdWhenThereIsNone() throws MalformedPayloadException {
            String id = next(RUBY_QUEUE_ENTRY, "q", 1).getString("id");
            assertTrue(id.matches("[0-9a-f]{32}"), id);
        }

        @Test
        void eachRetryOfAPayloadWithoutIdGetsItsOwnId() throws MalformedPayloadException {
            assertNotEquals(next(RUBY_QUEUE_ENTRY, "q", 1).getString("id"), next(RUBY_QUEUE_ENTRY, "q", 1).getString("id"));
        }

        @Test
        void setsFirstFailedAtInEpochSecondsWithMicroseconds() throws MalformedPayloadException {
            JsonNumber firstFailedAt = next(PHP_QUEUE_ENTRY, "harness", 1).getJsonNumber("first_failed_at");
            assertEquals(new BigDecimal("1795768037.250000"), firstFailedAt.bigDecimalValue());
        }

        @Test
        void keepsFirstFailedAtOfAnEarlierFailure() throws MalformedPayloadException {
            String retried = "{\"class\":\"J\",\"args\":[],\"id\":\"a\",\"attempts\":1,\"first_failed_at\":1700000000.5}";
            JsonNumber firstFailedAt = next(retried, "q", 2).getJsonNumber("first_failed_at");
            assertEquals(new BigDecimal("1700000000.5"), firstFailedAt.bigDecimalValue());
        }

        @Test
        void secondRetryOfAFreshPayloadKeepsTheFirstFailureTime() throws MalformedPayloadException {
            String first = PayloadCodec.nextAttempt(decode(PHP_QUEUE_ENTRY), "harness", 1, failedAt, failedAt);
            String second = PayloadCodec.nextAttempt(decode(first), "harness", 2, failedAt.plusSeconds(60), failedAt.plusSeconds(60));
            assertEquals(new BigDecimal("1795768037.250000"),
                    object(second).getJsonNumber("first_failed_at").bigDecimalValue());
        }

        @Test
        void decodesAsTheSameJobWithTheAttemptsMade() throws MalformedPayloadException {
            Payload payload = decode(PayloadCodec.nextAttempt(decode(PHP_QUEUE_ENTRY), "harness", 2, failedAt, failedAt));
            assertEquals("Harness_Record", payload.jobName());
            assertEquals(decode(PHP_QUEUE_ENTRY).args(), payload.args());
            assertEquals("65409f246a43970a3835b3b838cf7281", payload.id());
            assertEquals(2, payload.attempts());
        }
    }

    @Nested
    class NextAttemptId {

        @Test
        void theGivenIdGoesToAPayloadWithout() throws MalformedPayloadException {
            String next = PayloadCodec.nextAttempt(decode(RUBY_QUEUE_ENTRY), "q", 1, QUEUE_TIME, QUEUE_TIME, "given-id");
            assertEquals("given-id", object(next).getString("id"));
        }

        @Test
        void aPayloadWithAnIdKeepsIt() throws MalformedPayloadException {
            String payload = PayloadCodec.encode("J", "65409f246a43970a3835b3b838cf7281", QUEUE_TIME, List.of());
            String next = PayloadCodec.nextAttempt(decode(payload), "q", 1, QUEUE_TIME, QUEUE_TIME, "given-id");
            assertEquals("65409f246a43970a3835b3b838cf7281", object(next).getString("id"));
        }
    }
}
