package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** The key names of the configured namespace, for injection wherever keys are named. */
@ApplicationScoped
public class NamespaceKeys {

    @Inject
    BackgroundJobsConfig config;

    @Produces
    Keys keys() {
        return new Keys(config.namespace());
    }
}
