package dev.backgroundjobs.job;

import java.util.Map;
import java.util.Optional;

/**
 * The jobs found at deployment. A payload's {@code class} string is looked up only here, so nothing read
 * from Redis can make the server load or instantiate a class that is not a deployed job.
 */
public final class JobCatalog {

    private final Map<String, JobDefinition> byName;
    private final Map<Class<?>, JobDefinition> byClass;

    public JobCatalog(Map<String, JobDefinition> byName, Map<Class<?>, JobDefinition> byClass) {
        this.byName = Map.copyOf(byName);
        this.byClass = Map.copyOf(byClass);
    }

    public Optional<JobDefinition> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<JobDefinition> byClass(Class<?> type) {
        return Optional.ofNullable(byClass.get(type));
    }
}
