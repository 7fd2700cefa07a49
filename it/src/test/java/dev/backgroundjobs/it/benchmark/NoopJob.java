package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** Does nothing but note when it ran; {@code enqueuedNanos} > 0 asks it to note its pickup latency. */
@BackgroundJob(queue = "bench")
public class NoopJob {

    @Inject
    BenchProbe probe;

    public void perform(long enqueuedNanos) {
        probe.ran(enqueuedNanos);
    }
}
