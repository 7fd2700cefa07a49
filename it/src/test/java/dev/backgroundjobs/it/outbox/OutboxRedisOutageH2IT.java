package dev.backgroundjobs.it.outbox;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis outage scenario ({@link OutboxRedisOutageScenario}) with the outbox on H2 (jdbc/demo). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OutboxRedisOutageH2IT extends OutboxRedisOutageScenario {

    static final OutboxTarget TARGET = OutboxTarget.h2("outage");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TARGET.deployment();
    }

    @Override
    OutboxTarget target() {
        return TARGET;
    }
}
