package dev.backgroundjobs.payload;

import jakarta.json.JsonArray;

/**
 * A decoded Resque payload: the job name (Resque's {@code class}), its arguments as JSON, and its id
 * when the producer wrote one (Ruby Resque does not).
 */
public record Payload(String jobName, JsonArray args, String id) {
}
