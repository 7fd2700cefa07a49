package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** A chain's first step: its result is the next step's last argument. */
@BackgroundJob(queue = "flow")
public class CountWords {

    @Inject
    FlowCounts counts;

    public Counted perform(String chain, String text) {
        counts.stepGot(chain, "\"" + text + "\"");
        return new Counted(text, text.split(" ").length);
    }
}
