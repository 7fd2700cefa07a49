package dev.backgroundjobs.internal.health;

import dev.backgroundjobs.internal.enqueue.PendingSends;
import dev.backgroundjobs.internal.monitor.QueueWatch;
import dev.backgroundjobs.internal.redis.JobStore;
import dev.backgroundjobs.internal.redis.RedisFailures;
import dev.backgroundjobs.internal.redis.WrongTypeKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.Map;

/**
 * Ready while Redis answers: without it no job can be sent or taken. The data carry the latency,
 * every queue's size, and the queues that hold jobs no live worker listens to (which do not make the
 * server unready: the fix is elsewhere, in a producer's queue name or a pool's queue list).
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    @Inject
    JobStore store;

    @Inject
    QueueWatch queueWatch;

    @Inject
    WrongTypeKeys wrongTypeKeys;

    @Inject
    PendingSends pendingSends;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("background-jobs-redis");
        try {
            Duration latency = store.ping();
            response.up().withData("latencyMicros", latency.toNanos() / 1_000);
            QueueWatch.Snapshot queues = queueWatch.snapshot();
            response.withData("queues", queues.queues().size())
                    .withData("unattendedQueues", String.join(",", queues.unattended()));
            queues.queues().forEach(queue -> response.withData("queue." + queue.name(), queue.size()));
            // Keys another program gave the wrong type are skipped, not fatal: listed so someone fixes them.
            Map<String, String> wrongTypes = wrongTypeKeys.current();
            response.withData("wrongTypeKeys", wrongTypes.size())
                    .withData("pendingAfterCommit", pendingSends.size());
            wrongTypes.forEach((key, type) -> response.withData("wrongType." + key, type));
            return response.build();
        } catch (RuntimeException e) {
            return response.down().withData("error", RedisFailures.describe(e))
                    .withData("pendingAfterCommit", pendingSends.size()).build();
        }
    }
}
