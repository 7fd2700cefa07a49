package dev.backgroundjobs.internal.cdi;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.Recurring;
import dev.backgroundjobs.UniqueJob;
import org.junit.jupiter.api.Test;

import static dev.backgroundjobs.internal.cdi.WeldDeployment.assertNames;

/**
 * Each job shape the extension rejects, one per test, on Weld SE: the deployment fails and the message
 * names the class and what is wrong. (DeploymentFailureIT checks the same messages on Liberty.)
 */
class InvalidJobShapesTest {

    @BackgroundJob
    public static class NoPerform {
        public void run(String text) {
        }
    }

    @Test
    void aJobWithoutPerformFailsTheDeployment() {
        assertNames(WeldDeployment.of(NoPerform.class).fails(),
                "BGJ0001E: @BackgroundJob on " + NoPerform.class.getName() + ": perform(...) is missing");
    }

    @BackgroundJob
    public static class TwoPerforms {
        public void perform(String text) {
        }

        public void perform(int number) {
        }
    }

    @Test
    void aJobWithTwoPerformsFailsTheDeployment() {
        assertNames(WeldDeployment.of(TwoPerforms.class).fails(),
                "BGJ0002E: @BackgroundJob on " + TwoPerforms.class.getName() + ": 2 public methods are named perform");
    }

    @BackgroundJob
    public static class StaticPerform {
        public static void perform(String text) {
        }
    }

    @Test
    void aStaticPerformFailsTheDeployment() {
        assertNames(WeldDeployment.of(StaticPerform.class).fails(),
                "BGJ0003E: @BackgroundJob on " + StaticPerform.class.getName() + ": perform(...) is static");
    }

    @BackgroundJob
    public static class UnreadableArgument {
        public void perform(long id, Runnable task) {
        }
    }

    @Test
    void anArgumentTypeJsonbCannotReadFailsTheDeployment() {
        assertNames(WeldDeployment.of(UnreadableArgument.class).fails(),
                "BGJ0004E: @BackgroundJob on " + UnreadableArgument.class.getName()
                        + ": parameter 2 (task) of perform cannot be read from JSON",
                "the interface java.lang.Runnable cannot be instantiated");
    }

    @BackgroundJob(name = "SameName")
    public static class FirstOfAName {
        public void perform() {
        }
    }

    @BackgroundJob(name = "SameName")
    public static class SecondOfAName {
        public void perform() {
        }
    }

    @Test
    void twoJobsOfOneNameFailTheDeploymentNamingBoth() {
        String failure = WeldDeployment.of(FirstOfAName.class, SecondOfAName.class).fails();
        assertNames(failure, "BGJ0005E: @BackgroundJob on ", "the job name 'SameName' is already used by ");
        assertNames(failure, FirstOfAName.class.getName(), SecondOfAName.class.getName());
    }

    @BackgroundJob(name = "two words")
    public static class BadName {
        public void perform() {
        }
    }

    @Test
    void aJobNameWithWhiteSpaceFailsTheDeployment() {
        assertNames(WeldDeployment.of(BadName.class).fails(),
                "BGJ0006E: @BackgroundJob on " + BadName.class.getName() + ": the job name 'two words' is not valid");
    }

    @BackgroundJob(queue = "mail,urgent")
    public static class BadQueue {
        public void perform() {
        }
    }

    @Test
    void aQueueNameWithACommaFailsTheDeployment() {
        assertNames(WeldDeployment.of(BadQueue.class).fails(),
                "BGJ0007E: @BackgroundJob on " + BadQueue.class.getName() + ": the queue name 'mail,urgent' is not valid");
    }

    @BackgroundJob(maxAttempts = -1)
    public static class NegativeAttempts {
        public void perform() {
        }
    }

    @Test
    void aNegativeMaxAttemptsFailsTheDeployment() {
        assertNames(WeldDeployment.of(NegativeAttempts.class).fails(),
                "BGJ0008E: @BackgroundJob on " + NegativeAttempts.class.getName() + ": maxAttempts = \"-1\" is not valid");
    }

    @BackgroundJob(backoff = "soon")
    public static class BadBackoff {
        public void perform() {
        }
    }

    @Test
    void aBackoffThatIsNoDurationFailsTheDeployment() {
        assertNames(WeldDeployment.of(BadBackoff.class).fails(),
                "BGJ0008E: @BackgroundJob on " + BadBackoff.class.getName() + ": backoff = \"soon\" is not valid");
    }

    @BackgroundJob(timeout = "0s")
    public static class ZeroTimeout {
        public void perform() {
        }
    }

    @Test
    void aTimeoutOfZeroFailsTheDeployment() {
        assertNames(WeldDeployment.of(ZeroTimeout.class).fails(),
                "BGJ0008E: @BackgroundJob on " + ZeroTimeout.class.getName() + ": timeout = \"0s\" is not valid");
    }

    @BackgroundJob
    @UniqueJob(key = "userID")
    public static class UniqueKeyNotAParameter {
        public void perform(long userId, String reason) {
        }
    }

    @Test
    void aUniqueKeyThatIsNoParameterFailsTheDeployment() {
        assertNames(WeldDeployment.of(UniqueKeyNotAParameter.class).fails(),
                "BGJ0009E: @UniqueJob on " + UniqueKeyNotAParameter.class.getName()
                        + ": key names 'userID', which is not a parameter of perform; the parameters are [userId, reason]");
    }

    @BackgroundJob
    @Recurring(cron = "every day at noon")
    public static class BadCron {
        public void perform() {
        }
    }

    @Test
    void aBadCronExpressionFailsTheDeployment() {
        assertNames(WeldDeployment.of(BadCron.class).fails(),
                "BGJ0011E: recurring job BadCron (" + BadCron.class.getName()
                        + "): the cron expression 'every day at noon' is not valid");
    }

    @BackgroundJob
    @Recurring(cron = "0 3 * * *", zone = "Mars/Olympus_Mons")
    public static class BadZone {
        public void perform() {
        }
    }

    @Test
    void aTimeZoneThatDoesNotExistFailsTheDeployment() {
        assertNames(WeldDeployment.of(BadZone.class).fails(),
                "BGJ0011E: recurring job BadZone (" + BadZone.class.getName()
                        + "): the time zone 'Mars/Olympus_Mons' is not valid");
    }

    @BackgroundJob
    @Recurring(cron = "0 3 * * *", args = "[\"thirty\"]")
    public static class ArgumentsThatDoNotFit {
        public void perform(int days) {
        }
    }

    @Test
    void recurringArgumentsThatDoNotFitPerformFailTheDeployment() {
        assertNames(WeldDeployment.of(ArgumentsThatDoNotFit.class).fails(),
                "BGJ0011E: recurring job ArgumentsThatDoNotFit (" + ArgumentsThatDoNotFit.class.getName()
                        + "): the arguments '[\"thirty\"]' is not valid");
    }
}
