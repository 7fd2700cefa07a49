package dev.backgroundjobs.health;

import dev.backgroundjobs.worker.WorkerSupervisor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.util.Map;

/** Live while every worker loop of this server is alive; each loop is listed with its state. */
@Liveness
@ApplicationScoped
public class WorkerLivenessCheck implements HealthCheck {

    @Inject
    WorkerSupervisor supervisor;

    @Override
    public HealthCheckResponse call() {
        Map<String, Boolean> loops = supervisor.loopsAlive();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("background-jobs-workers")
                .status(!loops.containsValue(false))
                .withData("loops", loops.size());
        loops.forEach((id, alive) -> response.withData(id, alive ? "alive" : "dead"));
        return response.build();
    }
}
