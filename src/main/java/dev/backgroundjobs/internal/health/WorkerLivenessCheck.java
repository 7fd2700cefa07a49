package dev.backgroundjobs.internal.health;

import dev.backgroundjobs.internal.worker.WorkerSupervisor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.util.List;
import java.util.Map;

/**
 * Live while every worker loop of this server and its housekeeper are alive; each loop is listed with
 * its state, and runs that passed their timeout but still hold a thread are listed too.
 */
@Liveness
@ApplicationScoped
public class WorkerLivenessCheck implements HealthCheck {

    @Inject
    WorkerSupervisor supervisor;

    @Override
    public HealthCheckResponse call() {
        Map<String, Boolean> loops = supervisor.loopsAlive();
        List<String> stuck = supervisor.stuckRuns();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("background-jobs-workers")
                .status(!loops.containsValue(false) && supervisor.housekeeperAlive())
                .withData("loops", loops.size())
                .withData("loopsAlive", loops.values().stream().filter(Boolean::booleanValue).count())
                .withData("housekeeper", supervisor.housekeeperAlive() ? "alive" : "dead")
                .withData("stuckRuns", stuck.size());
        loops.forEach((id, alive) -> response.withData(id, alive ? "alive" : "dead"));
        // A run past its timeout that ignores the interrupt holds a thread, but its loop has moved on.
        for (int i = 0; i < stuck.size(); i++) {
            response.withData("stuck-" + (i + 1), stuck.get(i));
        }
        return response.build();
    }
}
