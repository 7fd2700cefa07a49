package dev.backgroundjobs.internal.failures;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Resque's failure record, as resque-web reads it: {@code failed_at} in Ruby's
 * {@code %Y/%m/%d %H:%M:%S UTC} form, the payload as it was on the queue, the exception class, its
 * message, the backtrace, the worker and the queue; plus how many runs the job had.
 */
public final class FailureRecord {

    static final DateTimeFormatter RUBY_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private FailureRecord() {
    }

    public static String json(Instant failedAt, byte[] payload, Throwable failure, String worker, String queue, int attempts) {
        JsonArrayBuilder backtrace = JSON.createArrayBuilder();
        for (StackTraceElement frame : failure.getStackTrace()) {
            backtrace.add(frame.toString());
        }
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        return JSON.createObjectBuilder()
                .add("failed_at", RUBY_TIME.format(failedAt))
                .add("payload", payloadValue(payload))
                .add("exception", failure.getClass().getName())
                .add("error", message)
                .add("backtrace", backtrace)
                .add("worker", worker)
                .add("queue", queue)
                .add("attempts", attempts)
                .build()
                .toString();
    }

    /** The payload as JSON when it is JSON, else as the text it was, so the record keeps everything. */
    private static JsonValue payloadValue(byte[] payload) {
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(payload))) {
            return reader.readValue();
        } catch (RuntimeException e) {
            return JSON.createValue(new String(payload, StandardCharsets.UTF_8));
        }
    }
}
