package dev.backgroundjobs.internal.limits;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The limits of this application's jobs, read at deployment, and the names of all its jobs: a server
 * publishes the first and withdraws the limits of the others, so a limit taken out of the
 * configuration stops applying once the application runs without it.
 */
public record JobLimits(Map<String, JobLimit> byName, Set<String> jobNames) {

    public static final JobLimits NONE = new JobLimits(Map.of(), Set.of());

    public JobLimits {
        byName = Map.copyOf(byName);
        jobNames = Set.copyOf(jobNames);
    }

    public List<String> unlimited() {
        return jobNames.stream().filter(name -> !byName.containsKey(name)).sorted().toList();
    }
}
