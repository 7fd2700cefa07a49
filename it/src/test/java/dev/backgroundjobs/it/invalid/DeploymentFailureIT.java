package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.it.Deployments;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Invalid job beans and configuration values fail the deployment with messages that name the class or
 * key. Every problem of a deployment is reported at once. The messages are read from the server's
 * messages.log, where Liberty writes why an application did not start.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentFailureIT {

    static final String INVALID_JOBS = "invalid-jobs";
    static final String INVALID_CONFIG = "invalid-config";
    static final String UNKNOWN_EXECUTOR = "unknown-executor";
    static final String INTERNAL_INJECTION = "internal-injection";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = INVALID_JOBS, managed = false)
    static WebArchive invalidJobs() {
        return Deployments.webArchive(INVALID_JOBS)
                .addClasses(NoPerformJob.class, TwoPerformJob.class, UnreadableParameterJob.class,
                        DuplicateNameJob.class, OtherDuplicateNameJob.class, BadQueueJob.class, BadCronJob.class,
                        ValidJob.class)
                .addAsResource(new StringAsset("background-jobs.namespace=it-invalid\n"),
                        "META-INF/microprofile-config.properties");
    }

    @Deployment(name = INVALID_CONFIG, managed = false)
    static WebArchive invalidConfig() {
        return Deployments.webArchive(INVALID_CONFIG)
                .addClass(ValidJob.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.pools=main",
                        "background-jobs.pool.main.concurrency=zero",
                        "background-jobs.poll-interval=soon",
                        "background-jobs.namespace=two words")), "META-INF/microprofile-config.properties");
    }

    @Deployment(name = UNKNOWN_EXECUTOR, managed = false)
    static WebArchive unknownExecutor() {
        return Deployments.webArchive(UNKNOWN_EXECUTOR)
                .addClass(ValidJob.class)
                .addAsResource(new StringAsset("background-jobs.executor=concurrent/noSuchExecutor\n"),
                        "META-INF/microprofile-config.properties");
    }

    @Deployment(name = INTERNAL_INJECTION, managed = false)
    static WebArchive internalInjection() {
        return Deployments.webArchive(INTERNAL_INJECTION)
                .addClasses(ValidJob.class, InternalInjectingBean.class)
                .addAsResource(new StringAsset("background-jobs.namespace=it-invalid\n"),
                        "META-INF/microprofile-config.properties");
    }

    /** Weld stops at a bean's first refused injection point; ModuleTypesTest covers Instance<...> and the like. */
    @Test
    void anApplicationBeanMayNotInjectTheModulesInternals() throws Exception {
        String log = deployExpectingFailure(INTERNAL_INJECTION);

        String bean = InternalInjectingBean.class.getName();
        assertContains(log, "BGJ0106E: " + bean + ".store injects dev.backgroundjobs.internal.redis.QueueStore");
    }

    @Test
    void anExecutorThatDoesNotExistFailsTheStartNamingIt() throws Exception {
        String log = deployExpectingFailure(UNKNOWN_EXECUTOR);

        assertContains(log, "BGJ0050E: no ManagedExecutorService at concurrent/noSuchExecutor");
    }

    @Test
    void everyInvalidJobBeanIsReportedByName() throws Exception {
        String log = deployExpectingFailure(INVALID_JOBS);

        assertContains(log, "BGJ0001E: @BackgroundJob on " + NoPerformJob.class.getName() + ": perform(...) is missing");
        assertContains(log, "BGJ0002E: @BackgroundJob on " + TwoPerformJob.class.getName() + ": 2 public methods");
        assertContains(log, "BGJ0004E: @BackgroundJob on " + UnreadableParameterJob.class.getName()
                + ": parameter 1 (task) of perform cannot be read from JSON");
        assertContains(log, "the interface java.lang.Runnable cannot be instantiated");
        assertContains(log, "BGJ0005E: @BackgroundJob on ");
        assertContains(log, "the job name 'SameName' is already used by ");
        assertContains(log, "BGJ0007E: @BackgroundJob on " + BadQueueJob.class.getName()
                + ": the queue name 'two words' is not valid");
        assertContains(log, "BGJ0011E: recurring job BadCronJob (" + BadCronJob.class.getName()
                + "): the cron expression 'every day at noon' is not valid");
    }

    @Test
    void everyInvalidConfigurationValueIsReportedByKey() throws Exception {
        String log = deployExpectingFailure(INVALID_CONFIG);

        assertContains(log, "BGJ0010E: configuration background-jobs.pool.main.concurrency='zero' is not valid");
        assertContains(log, "BGJ0010E: configuration background-jobs.poll-interval='soon' is not valid");
        assertContains(log, "BGJ0010E: configuration background-jobs.namespace='two words' is not valid");
    }

    /**
     * Deploys, and returns why it failed: the deployment error and what the server logged about it;
     * fails when the application started.
     */
    private String deployExpectingFailure(String name) throws Exception {
        Path log = Path.of(System.getProperty("liberty.server.dir"), "logs", "messages.log");
        long offset = Files.exists(log) ? Files.size(log) : 0;
        String error = "";
        try {
            deployer.deploy(name);
        } catch (Exception expected) {
            error = expected.getMessage() + "\n";
        } finally {
            try {
                deployer.undeploy(name);
            } catch (RuntimeException ignored) {
                // an application that never started may have nothing to undeploy
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String logged = tail(log, offset);
            // CWWKZ0002E: the application failed to start; CWWKZ0012I: it was not started (a listener failed).
            boolean failed = logged.contains("CWWKZ0002E") || logged.contains("CWWKZ0012I: The application " + name);
            if (failed) {
                return error + logged;
            }
            if (logged.contains("CWWKZ0001I: Application " + name + " started")) {
                fail("the application " + name + " started although it is invalid");
            }
            Thread.sleep(200);
        }
        return fail("no start or failure of " + name + " in " + log + ":\n" + tail(log, offset));
    }

    private static String tail(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    private static void assertContains(String log, String expected) {
        assertTrue(log.contains(expected), "expected in messages.log: " + expected + "\n--- log ---\n" + log);
    }
}
