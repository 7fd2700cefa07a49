package dev.backgroundjobs.internal.redis;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import dev.backgroundjobs.JobState;
import dev.backgroundjobs.JobStatus;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * PHP-Resque's status JSON, {@code {"status":N,"updated":…,"started":…,"result":null}}, with our finer
 * {@code state} beside it; times in epoch seconds as PHP writes them.
 */
public final class StatusRecord {

    private StatusRecord() {
    }

    public static String json(JobState state, Instant updated, Instant started) {
        return "{\"status\":" + state.resqueStatus() + ",\"updated\":" + updated.getEpochSecond() + ",\"started\":"
                + started.getEpochSecond() + ",\"result\":null,\"state\":\"" + state.name().toLowerCase(Locale.ROOT) + "\"}";
    }

    static Optional<JobStatus> parse(String jobId, String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            JsonObject status = reader.readObject();
            JobState state = status.get("state") instanceof JsonString named
                    ? JobState.valueOf(named.getString().toUpperCase(Locale.ROOT))
                    : JobState.ofResqueStatus(status.getInt("status"));
            return Optional.of(new JobStatus(jobId, state, epoch(status, "updated"), epoch(status, "started"), null));
        } catch (JsonException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Instant epoch(JsonObject status, String field) {
        return status.get(field) instanceof JsonNumber number ? Instant.ofEpochSecond(number.longValue()) : null;
    }
}
