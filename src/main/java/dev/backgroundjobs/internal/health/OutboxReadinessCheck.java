package dev.backgroundjobs.internal.health;

import dev.backgroundjobs.internal.outbox.OutboxStore;
import dev.backgroundjobs.internal.outbox.OutboxBacklog;
import dev.backgroundjobs.internal.redis.RedisClock;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.sql.SQLException;

/**
 * Ready while the outbox table answers: without it no job can be enqueued in a transaction. The data
 * say how many committed jobs wait in it and for how long the oldest has. A bean only where the outbox
 * is configured (the extension adds it).
 */
@Readiness
public class OutboxReadinessCheck implements HealthCheck {

    @Inject
    OutboxStore outbox;

    @Inject
    RedisClock clock;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("background-jobs-outbox")
                .withData("table", outbox.tableName()).withData("dataSource", outbox.settings().dataSource());
        try {
            OutboxBacklog backlog = outbox.backlog();
            return response.up().withData("waiting", backlog.rows())
                    .withData("oldestAgeSeconds", backlog.oldestAge(clock.now()).toSeconds()).build();
        } catch (SQLException | RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
