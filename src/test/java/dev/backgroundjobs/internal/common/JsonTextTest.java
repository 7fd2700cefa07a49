package dev.backgroundjobs.internal.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

class JsonTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "\"text\"", "{\"open\":"})
    void textThatIsNotAJsonObjectReadsAsEmpty(String text) {
        assertEquals(Optional.empty(), JsonText.object(text));
    }

    @Test
    void stringFieldsReadAsTheirTextAndOthersAsNull() {
        JsonObject job = JsonText.object("{\"class\":\"SendMail\",\"id\":7,\"queue\":null}").orElseThrow();
        assertEquals("SendMail", JsonText.string(job, "class"));
        assertNull(JsonText.string(job, "id"));
        assertNull(JsonText.string(job, "queue"));
        assertNull(JsonText.string(job, "absent"));
    }

    @Test
    void epochSecondsWithAFractionReadToTheMicrosecond() {
        JsonObject job = JsonText.object("{\"queue_time\":1795768027.513146,\"bad\":\"1795768027\"}").orElseThrow();
        Instant time = JsonText.epochSeconds(job.get("queue_time")).orElseThrow();
        assertTrue(Math.abs(time.toEpochMilli() - 1_795_768_027_513L) <= 1, time.toString());
        assertEquals(Optional.empty(), JsonText.epochSeconds(job.get("bad")));
        assertEquals(Optional.empty(), JsonText.epochSeconds(JsonValue.NULL));
        assertEquals(Optional.empty(), JsonText.epochSeconds(null));
    }
}
