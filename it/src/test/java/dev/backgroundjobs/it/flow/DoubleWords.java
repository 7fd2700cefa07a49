package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbBuilder;

/** A middle step: appends its tag and doubles the count. */
@BackgroundJob(queue = "flow")
public class DoubleWords {

    @Inject
    FlowCounts counts;

    public Counted perform(String chain, String tag, Counted in) throws Exception {
        try (var jsonb = JsonbBuilder.create()) {
            counts.stepGot(chain, jsonb.toJson(in));
        }
        return new Counted(in.text() + tag, in.words() * 2);
    }
}
