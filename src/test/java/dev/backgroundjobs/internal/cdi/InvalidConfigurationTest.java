package dev.backgroundjobs.internal.cdi;

import dev.backgroundjobs.BackgroundJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.backgroundjobs.internal.cdi.WeldDeployment.assertNames;

/**
 * Configuration values the extension rejects, one per test, on Weld SE: the deployment fails with
 * BGJ0010E naming the key and the value.
 */
class InvalidConfigurationTest {

    @BackgroundJob
    public static class Valid {
        public void perform(String text) {
        }
    }

    @Test
    void aPoolConcurrencyThatIsNoNumberNamesItsKey() {
        assertNames(WeldDeployment.of(Valid.class)
                        .with("background-jobs.pools", "main")
                        .with("background-jobs.pool.main.concurrency", "zero").fails(),
                "BGJ0010E: configuration background-jobs.pool.main.concurrency='zero' is not valid");
    }

    @Test
    void aPollIntervalThatIsNoDurationNamesItsKey() {
        assertNames(WeldDeployment.of(Valid.class).with("background-jobs.poll-interval", "soon").fails(),
                "BGJ0010E: configuration background-jobs.poll-interval='soon' is not valid");
    }

    @Test
    void aNamespaceWithWhiteSpaceNamesItsKey() {
        assertNames(WeldDeployment.of(Valid.class).with("background-jobs.namespace", "two words").fails(),
                "BGJ0010E: configuration background-jobs.namespace='two words' is not valid");
    }

    @Test
    void aJobsMaxAttemptsOfZeroNamesItsKey() {
        assertNames(WeldDeployment.of(Valid.class).with("background-jobs.job.Valid.max-attempts", "0").fails(),
                "BGJ0010E: configuration background-jobs.job.Valid.max-attempts='0' is not valid");
    }

    @Test
    void aJobsTimeoutThatIsNoDurationNamesItsKey() {
        assertNames(WeldDeployment.of(Valid.class).with("background-jobs.job.Valid.timeout", "a while").fails(),
                "background-jobs.job.Valid.timeout", "a while");
    }

    @Test
    void aConfiguredCronThatIsNotValidNamesTheJob() {
        assertNames(WeldDeployment.of(Valid.class).with("background-jobs.recurring.Valid.cron", "sometimes").fails(),
                "BGJ0011E: recurring job Valid (" + Valid.class.getName() + "): the cron expression 'sometimes' is not valid");
    }

    /** The files of the TLS keys are read at deployment, not first when a connection is made. */
    @Test
    void aCaFileThatHoldsNoCertificateFailsTheDeploymentNamingItsKey(@TempDir Path dir) throws IOException {
        Path notACertificate = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertNames(WeldDeployment.of(Valid.class).with("background-jobs.redis.url", "rediss://localhost:6380")
                        .with("background-jobs.redis.tls.ca-file", notACertificate.toString()).fails(),
                "BGJ0183E: configuration background-jobs.redis.tls.ca-file names " + notACertificate
                        + ", which cannot be used");
    }
}
