package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.internal.config.StatusTracking;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The jobs found at deployment. A payload's {@code class} string is looked up only here, so nothing read
 * from Redis can make the server load or instantiate a class that is not a deployed job.
 */
public final class JobCatalog {

    private final Map<String, JobDefinition> byName;
    private final Map<Class<?>, JobDefinition> byClass;
    private final List<RecurringSchedule> recurring;
    private final StatusTracking configuredTracking;
    private final Set<String> annotatedTracking;

    public JobCatalog(Map<String, JobDefinition> byName, Map<Class<?>, JobDefinition> byClass,
            List<RecurringSchedule> recurring, StatusTracking configuredTracking) {
        this.byName = Map.copyOf(byName);
        this.byClass = Map.copyOf(byClass);
        this.recurring = List.copyOf(recurring);
        this.configuredTracking = configuredTracking;
        this.annotatedTracking = byName.values().stream()
                .filter(job -> job.beanClass().getAnnotation(BackgroundJob.class).trackStatus())
                .map(JobDefinition::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether jobs of this name keep their status after they end: asked by their annotation, or by
     * {@code background-jobs.track-status} (which also names jobs deployed elsewhere).
     */
    public boolean tracksStatus(String jobName) {
        return annotatedTracking.contains(jobName) || configuredTracking.tracks(jobName);
    }

    /** The recurring schedules of the deployed jobs. */
    public List<RecurringSchedule> recurring() {
        return recurring;
    }

    public Optional<JobDefinition> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<JobDefinition> byClass(Class<?> type) {
        return Optional.ofNullable(byClass.get(type));
    }
}
