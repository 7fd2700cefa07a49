package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbBuilder;

/** A chain's last step: records what it got. */
@BackgroundJob(queue = "flow")
public class LastStep {

    @Inject
    FlowCounts counts;

    public void perform(String chain, Counted in) throws Exception {
        try (var jsonb = JsonbBuilder.create()) {
            counts.stepGot(chain, jsonb.toJson(in));
        }
        counts.ran("last:" + chain);
    }
}
