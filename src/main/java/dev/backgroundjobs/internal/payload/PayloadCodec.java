package dev.backgroundjobs.internal.payload;

import dev.backgroundjobs.internal.config.PayloadLimits;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import dev.backgroundjobs.InvalidJobArgumentsException;
import dev.backgroundjobs.internal.common.Messages;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads Resque payloads: {@code {"class":…,"args":[…],"id":…,"queue_time":…}}. Reading
 * accepts what Ruby Resque writes (no id), what PHP-Resque writes (hex id, one hash in args, extra
 * fields) and ignores fields it does not know.
 */
public final class PayloadCodec {

    /** How many runs a payload already had; absent on a first run. */
    public static final String ATTEMPTS = "attempts";
    private static final String FIRST_FAILED_AT = "first_failed_at";
    /** When a retry is due, in epoch seconds like {@code queue_time}. */
    public static final String DUE_AT = "due_at";
    /**
     * The latest time a job may start, in epoch milliseconds as a JSON string; fetch.lua discards a first
     * run taken after it. Resque readers ignore it.
     */
    public static final String EXPIRES_AT = "expires_at";
    /** More runs than any retry policy allows; a payload claiming more is read as having had this many. */
    static final int MAX_ATTEMPTS = 1_000_000;

    private static final int ID_BYTES = 16;
    private static final SecureRandom ID_SOURCE = new SecureRandom();

    private PayloadCodec() {
    }

    /** A new job id: 32 lowercase hex digits (128 random bits), as PHP-Resque writes them. */
    public static String newJobId() {
        return newJobIds(1).get(0);
    }

    /**
     * New job ids for a batch, from one draw of the random source: a draw per id was a sixth of a
     * batch enqueue's CPU (seen in a profile).
     */
    public static List<String> newJobIds(int count) {
        byte[] random = new byte[ID_BYTES * count];
        ID_SOURCE.nextBytes(random);
        HexFormat hex = HexFormat.of();
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(hex.formatHex(random, i * ID_BYTES, (i + 1) * ID_BYTES));
        }
        return ids;
    }

    /** The payload JSON for arguments that are already JSON text, one element each. */
    public static String encode(String jobName, String id, Instant queueTime, List<String> argumentsJson) {
        return encode(jobName, id, queueTime, argumentsJson, Map.of());
    }

    /**
     * The same with extra string fields after the standard ones, such as the {@code queue} that
     * resque-scheduler's delayed payloads carry; Resque readers ignore them.
     */
    public static String encode(String jobName, String id, Instant queueTime, List<String> argumentsJson,
            Map<String, String> extraFields) {
        return encode(jobName, id, epochSecondsText(queueTime), argumentsJson, extraFields);
    }

    /**
     * The payload of a delayed job, due at {@code dueSecond} (epoch seconds), which is also its
     * {@code queue_time}, written as an integer. resque-scheduler and node-resque find a delayed job's
     * {@code timestamps:PAYLOAD} set by encoding the payload they decoded again, and Ruby writes a
     * decoded {@code 1764601371.120000} as {@code 1764601371.12}: an integer comes back as it was.
     */
    public static String encodeDelayed(String jobName, String id, long dueSecond, List<String> argumentsJson,
            Map<String, String> extraFields) {
        return encode(jobName, id, Long.toString(dueSecond), argumentsJson, extraFields);
    }

    private static String encode(String jobName, String id, String queueTime, List<String> argumentsJson,
            Map<String, String> extraFields) {
        int argumentsLength = 0;
        for (String argument : argumentsJson) {
            argumentsLength += argument.length() + 1;
        }
        StringBuilder json = new StringBuilder(64 + jobName.length() + id.length() + argumentsLength);
        appendString(json.append("{\"class\":"), jobName).append(",\"args\":[");
        for (int i = 0; i < argumentsJson.size(); i++) {
            json.append(i == 0 ? "" : ",").append(argumentsJson.get(i));
        }
        appendString(json.append("],\"id\":"), id).append(",\"queue_time\":").append(queueTime);
        extraFields.forEach((name, value) -> appendString(appendString(json.append(','), name).append(':'), value));
        return json.append('}').toString();
    }

    /**
     * A JSON string as JSON-P writes it; text of printable ASCII without quote or backslash (names and
     * ids, nearly always) needs no escape, and is written without building a JSON value.
     */
    static StringBuilder appendString(StringBuilder json, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return json.append(JSON.createValue(text));
            }
        }
        return json.append('"').append(text).append('"');
    }

    /**
     * Checks a payload about to be sent against the limits its workers read it with, so a producer
     * learns at once of a job no worker would run.
     *
     * @throws InvalidJobArgumentsException naming the job and the limit
     */
    public static void requireWithin(String jobName, String payload, PayloadLimits limits) {
        try {
            JsonBounds.check(payload.getBytes(StandardCharsets.UTF_8), limits);
        } catch (MalformedPayloadException e) {
            throw new InvalidJobArgumentsException(Messages.payloadTooLargeToSend(jobName, e.getMessage()));
        }
    }

    public static Payload decode(byte[] bytes) throws MalformedPayloadException {
        return decode(bytes, PayloadLimits.DEFAULTS);
    }

    /**
     * Reads a payload after checking it against {@code limits}; nothing else is thrown than the
     * exception, whatever the bytes are.
     */
    public static Payload decode(byte[] bytes, PayloadLimits limits) throws MalformedPayloadException {
        JsonBounds.check(bytes, limits);
        JsonValue root;
        // A Reader, not an InputStream: the stream path detects the encoding and builds a decoder per
        // call, the costliest part of reading a small payload (seen in a profile of the drain).
        try (JsonParser parser = JSON.createParser(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            if (!parser.hasNext()) {
                throw malformed("not valid JSON (it is empty)");
            }
            parser.next();
            root = parser.getValue();
            if (parser.hasNext()) {
                throw malformed("not valid JSON (there is more after the value)");
            }
        } catch (RuntimeException e) {
            // JSON-P providers differ in what they throw for bad input (Parsson: JsonException, but a
            // plain RuntimeException past its own depth limit), so any of it means the text is bad.
            throw new MalformedPayloadException(Messages.malformedPayload("not valid JSON (" + e.getMessage() + ")"), e);
        }
        if (!(root instanceof JsonObject object)) {
            throw malformed("expected a JSON object, found " + root.getValueType());
        }
        if (!(object.get("class") instanceof JsonString name) || name.getString().isBlank()) {
            throw malformed("the field \"class\" (the job name) is missing or not a string");
        }
        JsonValue args = object.getOrDefault("args", JsonValue.EMPTY_JSON_ARRAY);
        JsonArray argsArray = switch (args.getValueType()) {
            case ARRAY -> args.asJsonArray();
            case NULL -> JsonValue.EMPTY_JSON_ARRAY;
            // Some producers write one hash instead of an array holding it.
            case OBJECT -> JSON.createArrayBuilder().add(args).build();
            default -> throw malformed("the field \"args\" must be an array, found " + args.getValueType());
        };
        String id = object.get("id") instanceof JsonString idString ? idString.getString() : null;
        String statusPrefix = object.get("prefix") instanceof JsonString prefix ? prefix.getString() : "";
        int attempts = object.get(ATTEMPTS) instanceof JsonNumber count ? attempts(count) : 0;
        return new Payload(name.getString(), argsArray, id, statusPrefix, attempts, object);
    }

    /**
     * The runs a payload says it had, within [0, {@value #MAX_ATTEMPTS}]: any number a foreign
     * producer writes, so that counting one more never overflows.
     */
    private static int attempts(JsonNumber count) {
        BigDecimal value = count.bigDecimalValue();
        if (value.signum() <= 0) {
            return 0;
        }
        return value.compareTo(BigDecimal.valueOf(MAX_ATTEMPTS)) >= 0 ? MAX_ATTEMPTS : value.intValue();
    }

    /**
     * The payload of the next run after a failed one: every field kept, with the attempt count, the
     * queue it returns to (as resque-scheduler writes it), the time of the first failure, when it is
     * due ({@code due_at}, from which its wait in the queue counts), and an id when the producer wrote
     * none, so every retry is a distinct entry.
     */
    public static String nextAttempt(Payload payload, String queue, int attemptsMade, Instant failedAt, Instant due) {
        return nextAttempt(payload, queue, attemptsMade, failedAt, due, newJobId());
    }

    /** The same, with the id to give a payload that has none. */
    public static String nextAttempt(Payload payload, String queue, int attemptsMade, Instant failedAt, Instant due,
            String idIfMissing) {
        JsonObjectBuilder next = JSON.createObjectBuilder(payload.json())
                .add(ATTEMPTS, attemptsMade)
                .add("queue", queue)
                .add(DUE_AT, epochSeconds(due));
        if (payload.id() == null) {
            next.add("id", idIfMissing);
        }
        if (!payload.json().containsKey(FIRST_FAILED_AT)) {
            next.add(FIRST_FAILED_AT, epochSeconds(failedAt));
        }
        return next.build().toString();
    }

    private static MalformedPayloadException malformed(String reason) {
        return new MalformedPayloadException(Messages.malformedPayload(reason), null);
    }

    /** Seconds since the epoch with microseconds, as PHP-Resque's {@code queue_time} (never in E notation). */
    private static JsonNumber epochSeconds(Instant instant) {
        return JSON.createValue(new BigDecimal(epochSecondsText(instant)));
    }

    /** Seconds with six decimals, as {@code BigDecimal.valueOf(micros, 6).toPlainString()} writes them. */
    static String epochSecondsText(Instant instant) {
        if (instant.getEpochSecond() < 0) {
            long micros = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
            return BigDecimal.valueOf(micros, 6).toPlainString();
        }
        String fraction = Integer.toString(instant.getNano() / 1_000);
        return instant.getEpochSecond() + "." + "000000".substring(fraction.length()) + fraction;
    }
}
