package dev.backgroundjobs.internal.config;

import java.util.Set;

/**
 * Which jobs keep a status in Redis beyond their run, as {@code background-jobs.track-status} says:
 * none (the default), all, or the jobs named. A kept status costs Redis memory for each job for the
 * status expiry after its last change, so at a steady rate it grows with the rate; untracked jobs cost
 * nothing once they end.
 */
public record StatusTracking(boolean all, Set<String> jobNames) {

    public static final StatusTracking NONE = new StatusTracking(false, Set.of());

    public StatusTracking {
        jobNames = Set.copyOf(jobNames);
    }

    public boolean tracks(String jobName) {
        return all || jobNames.contains(jobName);
    }
}
