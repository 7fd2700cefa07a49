package dev.backgroundjobs.internal.cdi;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.Recurring;
import dev.backgroundjobs.UniqueJob;
import dev.backgroundjobs.internal.job.JobDefinition;
import dev.backgroundjobs.internal.job.RecurringSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A valid deployment on Weld SE starts, and the extension's catalog holds its jobs as declared and configured. */
class ValidDeploymentTest {

    public record Address(String city, String zip) {
    }

    @BackgroundJob(queue = "mail", maxAttempts = 5, backoff = "30s", timeout = "2m")
    public static class SendWelcomeMail {
        public void perform(long userId, Address address) {
        }
    }

    @BackgroundJob(name = "nightly")
    @Recurring(cron = "0 30 3 * * *", zone = "Europe/Paris", args = "[30]")
    public static class NightlyCleanup {
        public void perform(int days) {
        }
    }

    @BackgroundJob
    @UniqueJob(key = "userId", until = UniqueJob.Until.FINISHED)
    public static class Recompute {
        public void perform(long userId, String reason) {
        }
    }

    @Test
    void validJobsDeployWithTheirPoliciesAndSchedules() {
        WeldDeployment.of(SendWelcomeMail.class, NightlyCleanup.class, Recompute.class)
                .with("background-jobs.job.SendWelcomeMail.max-attempts", "7")
                .succeeds(extension -> {
                    assertNotNull(extension.config());
                    assertFalse(extension.config().workersEnabled());

                    JobDefinition mail = extension.catalog().byName("SendWelcomeMail").orElseThrow();
                    assertEquals("mail", mail.queue());
                    assertEquals(SendWelcomeMail.class, mail.beanClass());
                    assertEquals(7, mail.policy().retry().maxAttempts(), "configuration wins over the annotation");
                    assertEquals(Duration.ofSeconds(30), mail.policy().retry().backoff());
                    assertEquals(Duration.ofMinutes(2), mail.policy().timeout().orElseThrow());
                    assertNotNull(mail.bean(), "the job's CDI bean is kept for the workers");

                    assertEquals(NightlyCleanup.class, extension.catalog().byName("nightly").orElseThrow().beanClass());
                    assertTrue(extension.catalog().byClass(Recompute.class).orElseThrow().policy().unique().isPresent());

                    List<RecurringSchedule> recurring = extension.catalog().recurring();
                    assertEquals(1, recurring.size());
                    assertEquals("nightly", recurring.get(0).name());
                    assertEquals(ZoneId.of("Europe/Paris"), recurring.get(0).zone());
                    assertEquals(List.of("30"), recurring.get(0).argumentsJson());
                });
    }
}
