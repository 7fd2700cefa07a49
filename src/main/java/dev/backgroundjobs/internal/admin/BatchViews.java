package dev.backgroundjobs.internal.admin;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import dev.backgroundjobs.BatchStatus;
import dev.backgroundjobs.internal.flow.ChainSteps;
import dev.backgroundjobs.internal.redis.BatchStore;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import java.util.List;

/** The admin API's JSON of batches, and of the chain a failed step stopped. */
final class BatchViews {

    /** Batches listed per kind (open, completed); the counts say how many there are in all. */
    static final int LISTED = 50;

    private BatchViews() {
    }

    static JsonObject list(BatchStore batches) {
        return JSON.createObjectBuilder()
                .add("open", array(batches.open(LISTED))).add("openTotal", batches.openCount())
                .add("completed", array(batches.completed(LISTED))).add("completedTotal", batches.completedCount())
                .build();
    }

    static JsonObject batch(BatchStatus status) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("id", status.batchId()).add("total", status.total())
                .add("pending", status.pending()).add("succeeded", status.succeeded()).add("failed", status.failed())
                .add("dead", status.dead()).add("complete", status.complete()).add("created", status.created().toString());
        status.completed().ifPresentOrElse(at -> json.add("completed", at.toString()), () -> json.addNull("completed"));
        return json.build();
    }

    /**
     * For a failed chain step: which step it was ({@code chainStep}, e.g. "2/5") and the jobs of the
     * steps it kept from running ({@code chainLeft}); nothing for a job of no chain.
     */
    static void chainStopped(JsonObjectBuilder json, JsonObject payload) {
        if (payload.get(ChainSteps.CHAIN_STEP) instanceof JsonString step) {
            json.add("chainStep", step.getString());
            JsonArrayBuilder left = JSON.createArrayBuilder();
            if (payload.get(ChainSteps.CHAIN) instanceof JsonArray steps) {
                steps.forEach(later -> {
                    if (later instanceof JsonObject laterStep && laterStep.get("class") instanceof JsonString name) {
                        left.add(name.getString());
                    }
                });
            }
            json.add("chainLeft", left);
        }
    }

    private static JsonArrayBuilder array(List<BatchStatus> statuses) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        statuses.forEach(status -> array.add(batch(status)));
        return array;
    }
}
