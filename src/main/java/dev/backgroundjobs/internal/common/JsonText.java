package dev.backgroundjobs.internal.common;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Reading JSON that others may have written (Ruby, PHP, Jesque): nothing here throws on text that
 * is not what we expect; absent or odd values read as empty.
 */
public final class JsonText {

    private JsonText() {
    }

    /** The JSON object in the text; empty when the text is not valid JSON or not an object. */
    public static Optional<JsonObject> object(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readValue() instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The field's string, or null when it is absent or not a string. */
    public static String string(JsonObject object, String field) {
        return object.get(field) instanceof JsonString value ? value.getString() : null;
    }

    /**
     * A time written as seconds since the epoch with a fraction (PHP-Resque's {@code queue_time});
     * empty when the value is not a number. A double holds it to the microsecond, plenty for the
     * waits it measures, and is cheaper than a BigDecimal on a per-job path.
     */
    public static Optional<Instant> epochSeconds(JsonValue value) {
        return value instanceof JsonNumber seconds
                ? Optional.of(Instant.EPOCH.plus((long) (seconds.doubleValue() * 1_000_000), ChronoUnit.MICROS))
                : Optional.empty();
    }
}
