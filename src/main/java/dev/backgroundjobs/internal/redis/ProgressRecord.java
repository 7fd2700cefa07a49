package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobStatus.Progress;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.time.Instant;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

/** The progress a run reported, {@code {"percent":N,"message":"…","at":epochMillis}}, beside its status key. */
final class ProgressRecord {

    private ProgressRecord() {
    }

    static String json(int percent, String message, Instant at) {
        var record = JSON.createObjectBuilder().add("percent", percent).add("at", at.toEpochMilli());
        if (message != null) {
            record.add("message", message);
        }
        return record.build().toString();
    }

    /** The progress, or null for a missing or unreadable record. */
    static Progress parse(String json) {
        if (json == null) {
            return null;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            JsonObject record = reader.readObject();
            String message = record.get("message") instanceof JsonString text ? text.getString() : null;
            Instant at = record.get("at") instanceof JsonNumber millis ? Instant.ofEpochMilli(millis.longValue()) : null;
            return new Progress(record.getInt("percent"), message, at);
        } catch (JsonException | ClassCastException | NullPointerException e) {
            return null;
        }
    }
}
