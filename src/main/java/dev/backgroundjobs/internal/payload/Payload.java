package dev.backgroundjobs.internal.payload;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * A decoded Resque payload: the job name (Resque's {@code class}), its arguments as JSON, its id when
 * the producer wrote one (Ruby Resque does not), PHP-Resque's status prefix (usually empty), how many
 * runs it already had, and the whole object, so a retry keeps every field it came with.
 */
public record Payload(String jobName, JsonArray args, String id, String statusPrefix, int attempts, JsonObject json) {
}
