package dev.backgroundjobs.it.outbox;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Redis outage scenario ({@link OutboxRedisOutageScenario}) with the outbox on the build's PostgreSQL
 * (jdbc/outboxPostgres); runs when the build started one (system property postgres.url).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@EnabledIfSystemProperty(named = "postgres.url", matches = "[^$].*")
class OutboxRedisOutagePostgresIT extends OutboxRedisOutageScenario {

    static final OutboxTarget TARGET = OutboxTarget.postgres("outage");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TARGET.deployment();
    }

    @Override
    OutboxTarget target() {
        return TARGET;
    }
}
