package dev.backgroundjobs.it.workers;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

@BackgroundJob(queue = "typed")
public class TypedArgumentsJob {

    @Inject
    Recorder recorder;

    @Inject
    Greeter greeter;

    public void perform(long id, Address home, List<Address> others, Map<String, Integer> scores, Instant at,
            Color color) {
        recorder.record("typed", List.of(id, home, others, scores, at, color, greeter.greet("job")));
    }
}
