package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.internal.job.RecurringSchedule;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs found at deployment. A payload's {@code class} string is looked up only here, so nothing read
 * from Redis can make the server load or instantiate a class that is not a deployed job.
 */
public final class JobCatalog {

    private final Map<String, JobDefinition> byName;
    private final Map<Class<?>, JobDefinition> byClass;
    private final List<RecurringSchedule> recurring;

    public JobCatalog(Map<String, JobDefinition> byName, Map<Class<?>, JobDefinition> byClass,
            List<RecurringSchedule> recurring) {
        this.byName = Map.copyOf(byName);
        this.byClass = Map.copyOf(byClass);
        this.recurring = List.copyOf(recurring);
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
