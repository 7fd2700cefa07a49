package dev.backgroundjobs.internal.health;

import dev.backgroundjobs.internal.worker.WorkerSupervisor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the worker loops of this server have been launched. */
@Startup
@ApplicationScoped
public class WorkersStartedCheck implements HealthCheck {

    @Inject
    WorkerSupervisor supervisor;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("background-jobs-started").status(supervisor.started()).build();
    }
}
