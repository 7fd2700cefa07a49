package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobState;
import dev.backgroundjobs.JobStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusRecordTest {

    private static final String JOB_ID = "65409f246a43970a3835b3b838cf7281";
    private static final Instant STARTED = Instant.ofEpochSecond(1795768027L);
    private static final Instant UPDATED = Instant.ofEpochSecond(1795768037L);

    private static JsonObject object(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Nested
    class Write {

        @Test
        void writesPhpResqueFieldsInOrderWithTheStateBeside() {
            assertEquals("{\"status\":3,\"updated\":1795768037,\"started\":1795768027,\"result\":null,"
                    + "\"state\":\"failed\"}", StatusRecord.json(JobState.FAILED, UPDATED, STARTED));
        }

        @ParameterizedTest
        @CsvSource({"QUEUED, 1", "RUNNING, 2", "RETRYING, 1", "FAILED, 3", "SUCCEEDED, 4"})
        void statusIsPhpResqueNumber(JobState state, int status) {
            assertEquals(status, object(StatusRecord.json(state, UPDATED, STARTED)).getInt("status"));
        }

        @ParameterizedTest
        @CsvSource({"QUEUED, queued", "RUNNING, running", "RETRYING, retrying", "FAILED, failed",
                "SUCCEEDED, succeeded"})
        void stateIsTheLowerCaseName(JobState state, String name) {
            assertEquals(name, object(StatusRecord.json(state, UPDATED, STARTED)).getString("state"));
        }

        @Test
        void timesAreWholeEpochSeconds() {
            JsonObject status = object(StatusRecord.json(JobState.RUNNING,
                    Instant.ofEpochSecond(1795768037L, 999_999_999), Instant.ofEpochSecond(1795768027L, 1)));
            assertEquals("1795768037", status.get("updated").toString());
            assertEquals("1795768027", status.get("started").toString());
        }

        @Test
        void resultIsNull() {
            assertEquals(JsonValue.NULL, object(StatusRecord.json(JobState.SUCCEEDED, UPDATED, STARTED)).get("result"));
        }

        @ParameterizedTest
        @EnumSource(JobState.class)
        void parsesBackToTheSameStatus(JobState state) {
            assertEquals(Optional.of(new JobStatus(JOB_ID, state, UPDATED, STARTED, null)),
                    StatusRecord.parse(JOB_ID, StatusRecord.json(state, UPDATED, STARTED)));
        }
    }

    @Nested
    class ReadPhpResque {

        @Test
        void waiting() {
            assertEquals(Optional.of(new JobStatus(JOB_ID, JobState.QUEUED, STARTED, STARTED, null)), StatusRecord.parse(JOB_ID,
                    "{\"status\":1,\"updated\":1795768027,\"started\":1795768027,\"result\":null}"));
        }

        @Test
        void running() {
            assertEquals(Optional.of(new JobStatus(JOB_ID, JobState.RUNNING, STARTED, STARTED, null)), StatusRecord.parse(JOB_ID,
                    "{\"status\":2,\"updated\":1795768027,\"started\":1795768027,\"result\":null}"));
        }

        @Test
        void completeWithAResult() {
            assertEquals(Optional.of(new JobStatus(JOB_ID, JobState.SUCCEEDED, STARTED, STARTED, null)),
                    StatusRecord.parse(JOB_ID, "{\"status\":4,\"updated\":1795768027,\"started\":1795768027,"
                            + "\"result\":{\"recorded\":\"65409f246a43970a3835b3b838cf7281\"}}"));
        }

        @Test
        void failedUpdatedAfterItStarted() {
            assertEquals(Optional.of(new JobStatus(JOB_ID, JobState.FAILED, UPDATED, STARTED, null)), StatusRecord.parse(JOB_ID,
                    "{\"status\":3,\"updated\":1795768037,\"started\":1795768027,\"result\":null}"));
        }

        @Test
        void missingTimesAreNull() {
            assertEquals(Optional.of(new JobStatus(JOB_ID, JobState.RUNNING, null, null, null)),
                    StatusRecord.parse(JOB_ID, "{\"status\":2}"));
        }
    }

    @Nested
    class ReadOurs {

        @Test
        void stateWinsOverTheStatusNumber() {
            assertEquals(JobState.RETRYING, StatusRecord.parse(JOB_ID, "{\"status\":1,\"updated\":1795768037,"
                    + "\"started\":1795768027,\"result\":null,\"state\":\"retrying\"}").orElseThrow().state());
        }
    }

    @Nested
    class Garbage {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "hello", "{", "[]", "[1]", "42", "null", "{}", "{\"status\":\"4\"}",
                "{\"status\":null}", "{\"status\":1,\"state\":\"bogus\"}",
                "{\"updated\":1795768027}"})
        void isEmpty(String json) {
            assertEquals(Optional.empty(), StatusRecord.parse(JOB_ID, json));
        }
    }

    /** Turkish upper-cases i to İ and lower-cases I to ı, which breaks default-locale case changes of "RUNNING". */
    @Nested
    class UnderATurkishDefaultLocale {

        private Locale previous;

        @BeforeEach
        void turkish() {
            previous = Locale.getDefault();
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        }

        @AfterEach
        void restore() {
            Locale.setDefault(previous);
        }

        @Test
        void stateIsWrittenInAscii() {
            assertEquals("running", object(StatusRecord.json(JobState.RUNNING, UPDATED, STARTED)).getString("state"));
        }

        @Test
        void stateWrittenElsewhereIsRead() {
            assertEquals(Optional.of(new JobStatus(JOB_ID, JobState.RUNNING, UPDATED, STARTED, null)),
                    StatusRecord.parse(JOB_ID, "{\"status\":2,\"updated\":1795768037,\"started\":1795768027,"
                            + "\"result\":null,\"state\":\"running\"}"));
        }
    }
}
