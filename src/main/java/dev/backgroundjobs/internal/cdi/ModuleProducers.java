package dev.backgroundjobs.internal.cdi;

import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.limits.JobLimits;
import dev.backgroundjobs.internal.payload.ArgumentBinder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/**
 * Makes what the extension found at deployment injectable, and owns the module's JSON-B instance
 * (kept private, so an application's own Jsonb producer never clashes with it).
 */
@ApplicationScoped
public class ModuleProducers {

    @Inject
    BackgroundJobExtension extension;

    private Jsonb jsonb;

    @PostConstruct
    void open() {
        jsonb = JsonbBuilder.create();
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("JSON-B did not close", e);
        }
    }

    @Produces
    @Dependent
    BackgroundJobsConfig config() {
        return extension.config();
    }

    @Produces
    @Dependent
    JobCatalog catalog() {
        return extension.catalog();
    }

    @Produces
    @Dependent
    JobLimits jobLimits() {
        return extension.jobLimits();
    }

    @Produces
    @Dependent
    ArgumentBinder argumentBinder() {
        return new ArgumentBinder(jsonb);
    }
}
