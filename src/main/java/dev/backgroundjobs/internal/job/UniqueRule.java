package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.UniqueJob;

import java.time.Duration;
import java.util.List;

/** A unique job's rule: which arguments (by position) form its key, until when and how long it is held. */
public record UniqueRule(List<Integer> keyArguments, UniqueJob.Until until, Duration expireAfter) {

    public UniqueRule {
        keyArguments = List.copyOf(keyArguments);
    }
}
