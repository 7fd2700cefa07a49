package dev.backgroundjobs.internal.flow;

import dev.backgroundjobs.internal.common.QueueNames;
import dev.backgroundjobs.internal.config.PayloadLimits;
import dev.backgroundjobs.internal.payload.Payload;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.Keys;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

/**
 * The payload fields of chains and batches, which Resque readers ignore. A chain's step carries the
 * steps after it in {@value #CHAIN}, an array of {@code {"class","queue","id","args","track","step"}}
 * (args: the leading arguments; track: whether the job keeps a status), and which step it is in
 * {@value #CHAIN_STEP} ({@code "2/5"}). A batch's job carries {@value #BATCH}, {@code "BATCHID:INDEX"}.
 */
public final class ChainSteps {

    public static final String CHAIN = "bgj_chain";
    public static final String CHAIN_STEP = "bgj_chain_step";
    public static final String BATCH = "bgj_batch";

    private ChainSteps() {
    }

    /**
     * The payload with one more top-level field. Payloads this module writes end with the closing
     * brace of their object, so the field goes just before it.
     */
    public static String withField(String payload, String name, String jsonValue) {
        int end = payload.lastIndexOf('}');
        if (end < 0) {
            throw new IllegalArgumentException("not a JSON object: " + payload);
        }
        return payload.substring(0, end) + "," + JSON.createValue(name) + ":" + jsonValue + payload.substring(end);
    }

    /** A later step as the chain field holds it. */
    public static JsonObject step(String jobName, String queue, String id, List<String> leadingArgsJson, boolean tracked,
            int number, int of) {
        JsonArrayBuilder args = JSON.createArrayBuilder();
        leadingArgsJson.forEach(json -> args.add(JSON.createReader(new StringReader(json)).readValue()));
        return JSON.createObjectBuilder().add("class", jobName).add("queue", queue).add("id", id).add("args", args)
                .add("track", tracked).add("step", number + "/" + of).build();
    }

    /** The payload of a chain's first step: the other steps in {@value #CHAIN}. */
    public static String firstStep(String payload, List<JsonObject> laterSteps) {
        JsonArrayBuilder chain = JSON.createArrayBuilder();
        laterSteps.forEach(chain::add);
        String withChain = withField(payload, CHAIN, chain.build().toString());
        return withField(withChain, CHAIN_STEP, JSON.createValue("1/" + (laterSteps.size() + 1)).toString());
    }

    /** Whether a run of this payload has a next step to pass its result to. */
    public static boolean hasNext(Payload payload) {
        return payload != null && payload.json().get(CHAIN) instanceof JsonArray steps && !steps.isEmpty();
    }

    /**
     * The next step of the chain, due now, with {@code resultJson} as its last argument and the steps
     * after it; empty when the payload has no chain (or an empty one).
     *
     * @throws IllegalArgumentException when the chain field is not as this module writes it, naming what is wrong
     */
    public static Optional<QueuedPayload> next(Payload payload, String resultJson, Instant now, Keys keys,
            PayloadLimits limits) {
        if (!hasNext(payload)) {
            return Optional.empty();
        }
        JsonArray steps = payload.json().getJsonArray(CHAIN);
        if (!(steps.get(0) instanceof JsonObject step)) {
            throw new IllegalArgumentException("the next step in " + CHAIN + " is not an object");
        }
        String name = text(step, "class");
        String queue = text(step, "queue");
        String id = text(step, "id");
        if (!QueueNames.isValid(queue)) {
            throw new IllegalArgumentException("the next step's queue '" + queue + "' is not a valid queue name");
        }
        if (!(step.get("args") instanceof JsonArray leading)) {
            throw new IllegalArgumentException("the next step's args are not an array");
        }
        List<String> args = new ArrayList<>(leading.size() + 1);
        leading.forEach(value -> args.add(value.toString()));
        args.add(resultJson);
        String next = PayloadCodec.encode(name, id, now, args, Map.of());
        if (steps.size() > 1) {
            JsonArrayBuilder rest = JSON.createArrayBuilder();
            steps.subList(1, steps.size()).forEach(rest::add);
            next = withField(next, CHAIN, rest.build().toString());
        }
        if (step.get("step") instanceof JsonString number) {
            next = withField(next, CHAIN_STEP, number.toString());
        }
        PayloadCodec.requireWithin(name, next, limits);
        String statusKey = step.get("track") == JsonValue.TRUE ? keys.status(id, null) : null;
        return Optional.of(QueuedPayload.now(queue, next, statusKey, id));
    }

    private static String text(JsonObject step, String field) {
        if (!(step.get(field) instanceof JsonString value) || value.getString().isBlank()) {
            throw new IllegalArgumentException("the next step's \"" + field + "\" is missing or not a string");
        }
        return value.getString();
    }
}
