package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.internal.config.RetryPolicy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobPolicyResolverTest {

    private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofHours(1));

    // ---- jobs -------------------------------------------------------------------------------------

    @BackgroundJob
    static class Plain {
        public void perform() {
        }
    }

    @BackgroundJob(maxAttempts = 7, backoff = "2s", timeout = "30s", retryOn = UncheckedIOException.class,
            noRetryOn = {IllegalArgumentException.class, IllegalStateException.class})
    static class Annotated {
        public void perform() {
        }
    }

    @BackgroundJob(name = "mail.Send")
    static class Named {
        public void perform() {
        }
    }

    @BackgroundJob(maxAttempts = -1)
    static class NegativeAttempts {
        public void perform() {
        }
    }

    @BackgroundJob(backoff = "soon")
    static class BadBackoff {
        public void perform() {
        }
    }

    @BackgroundJob(timeout = "forever")
    static class BadTimeout {
        public void perform() {
        }
    }

    @BackgroundJob(backoff = "0s")
    static class ZeroBackoff {
        public void perform() {
        }
    }

    @BackgroundJob(timeout = "PT0S")
    static class ZeroTimeout {
        public void perform() {
        }
    }

    @BackgroundJob(timeout = "PT-5S")
    static class NegativeTimeout {
        public void perform() {
        }
    }

    @BackgroundJob(maxAttempts = -2, backoff = "later", timeout = "0ms")
    static class AllBad {
        public void perform() {
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static JobPolicyResolver.Result resolve(Class<?> job, String... keyValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        JobDefinition definition = JobDefinitionReader.read(job).definition();
        return new JobPolicyResolver(DEFAULTS, key -> Optional.ofNullable(config.get(key))).resolve(definition);
    }

    private static JobPolicy policy(Class<?> job, String... keyValues) {
        JobPolicyResolver.Result result = resolve(job, keyValues);
        assertEquals(List.of(), result.problems());
        return result.policy();
    }

    private static String onlyProblem(Class<?> job, String... keyValues) {
        List<String> problems = resolve(job, keyValues).problems();
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }

    /** Asserts a BGJ0008E naming the class, the attribute and its value. */
    private static void assertAnnotationProblem(String problem, Class<?> job, String attribute, String value) {
        assertAll(
                () -> assertTrue(problem.startsWith("BGJ0008E: "), problem),
                () -> assertTrue(problem.contains(job.getName()), problem),
                () -> assertTrue(problem.contains(attribute + " = \"" + value + "\""), problem));
    }

    /** Asserts a BGJ0010E naming the key and its value. */
    private static void assertConfigProblem(String problem, String key, String value) {
        assertAll(
                () -> assertTrue(problem.startsWith("BGJ0010E: "), problem),
                () -> assertTrue(problem.contains(key + "='" + value + "'"), problem));
    }

    // ---- tests ------------------------------------------------------------------------------------

    @Nested
    class Defaults {

        private final JobPolicy policy = policy(Plain.class);

        @Test
        void retryIsTheDefaultPolicy() {
            assertEquals(DEFAULTS, policy.retry());
        }

        @Test
        void noTimeout() {
            assertEquals(Optional.empty(), policy.timeout());
        }

        @Test
        void everyFailureIsRetried() {
            assertEquals(List.of(), policy.retryOn());
            assertEquals(List.of(), policy.noRetryOn());
        }
    }

    @Nested
    class Annotation {

        private final JobPolicy policy = policy(Annotated.class);

        @Test
        void maxAttemptsOverDefault() {
            assertEquals(7, policy.retry().maxAttempts());
        }

        @Test
        void backoffOverDefault() {
            assertEquals(Duration.ofSeconds(2), policy.retry().backoff());
        }

        @Test
        void maxBackoffIsAlwaysTheDefault() {
            assertEquals(Duration.ofHours(1), policy.retry().maxBackoff());
        }

        @Test
        void timeout() {
            assertEquals(Optional.of(Duration.ofSeconds(30)), policy.timeout());
        }

        @Test
        void retryOn() {
            assertEquals(List.of(UncheckedIOException.class), policy.retryOn());
        }

        @Test
        void noRetryOn() {
            assertEquals(List.of(IllegalArgumentException.class, IllegalStateException.class), policy.noRetryOn());
        }
    }

    @Nested
    class Configuration {

        @Test
        void maxAttemptsOverAnnotation() {
            assertEquals(2, policy(Annotated.class, "background-jobs.job.Annotated.max-attempts", "2")
                    .retry().maxAttempts());
        }

        @Test
        void backoffOverAnnotation() {
            assertEquals(Duration.ofMillis(500), policy(Annotated.class, "background-jobs.job.Annotated.backoff", "500ms")
                    .retry().backoff());
        }

        @Test
        void timeoutOverAnnotation() {
            assertEquals(Optional.of(Duration.ofMinutes(2)),
                    policy(Annotated.class, "background-jobs.job.Annotated.timeout", "PT2M").timeout());
        }

        @Test
        void valuesOverDefaults() {
            JobPolicy policy = policy(Plain.class,
                    "background-jobs.job.Plain.max-attempts", "9",
                    "background-jobs.job.Plain.backoff", "1m",
                    "background-jobs.job.Plain.timeout", "5s");
            assertAll(
                    () -> assertEquals(new RetryPolicy(9, Duration.ofMinutes(1), Duration.ofHours(1)), policy.retry()),
                    () -> assertEquals(Optional.of(Duration.ofSeconds(5)), policy.timeout()));
        }

        @Test
        void keysUseTheJobNameNotTheClassName() {
            JobPolicy policy = policy(Named.class,
                    "background-jobs.job.Named.max-attempts", "4",
                    "background-jobs.job.mail.Send.max-attempts", "8");
            assertEquals(8, policy.retry().maxAttempts());
        }

        @Test
        void keysOfOtherJobsDoNotApply() {
            assertEquals(DEFAULTS, policy(Plain.class, "background-jobs.job.Annotated.max-attempts", "9").retry());
        }

        @Test
        void valuesAreTrimmed() {
            JobPolicy policy = policy(Plain.class,
                    "background-jobs.job.Plain.max-attempts", " 4 ",
                    "background-jobs.job.Plain.backoff", " 3s ");
            assertEquals(new RetryPolicy(4, Duration.ofSeconds(3), Duration.ofHours(1)), policy.retry());
        }

        @Test
        void retryListsComeFromTheAnnotationOnly() {
            JobPolicy policy = policy(Annotated.class, "background-jobs.job.Annotated.max-attempts", "2");
            assertEquals(List.of(UncheckedIOException.class), policy.retryOn());
        }
    }

    @Nested
    class InvalidAnnotation {

        @Test
        void negativeMaxAttempts() {
            assertAnnotationProblem(onlyProblem(NegativeAttempts.class), NegativeAttempts.class, "maxAttempts", "-1");
        }

        @Test
        void backoffThatIsNotADuration() {
            assertAnnotationProblem(onlyProblem(BadBackoff.class), BadBackoff.class, "backoff", "soon");
        }

        @Test
        void timeoutThatIsNotADuration() {
            assertAnnotationProblem(onlyProblem(BadTimeout.class), BadTimeout.class, "timeout", "forever");
        }

        @Test
        void zeroBackoff() {
            assertAnnotationProblem(onlyProblem(ZeroBackoff.class), ZeroBackoff.class, "backoff", "0s");
        }

        @Test
        void zeroTimeout() {
            assertAnnotationProblem(onlyProblem(ZeroTimeout.class), ZeroTimeout.class, "timeout", "PT0S");
        }

        @Test
        void negativeTimeout() {
            assertAnnotationProblem(onlyProblem(NegativeTimeout.class), NegativeTimeout.class, "timeout", "PT-5S");
        }

        @Test
        void everyProblemIsReported() {
            List<String> problems = resolve(AllBad.class).problems();
            assertEquals(3, problems.size(), problems::toString);
            assertAll(
                    () -> assertAnnotationProblem(problems.get(0), AllBad.class, "maxAttempts", "-2"),
                    () -> assertAnnotationProblem(problems.get(1), AllBad.class, "backoff", "later"),
                    () -> assertAnnotationProblem(problems.get(2), AllBad.class, "timeout", "0ms"));
        }

        @Test
        void negativeMaxAttemptsIsReportedEvenWhenConfigurationOverridesIt() {
            String problem = onlyProblem(NegativeAttempts.class,
                    "background-jobs.job.NegativeAttempts.max-attempts", "2");
            assertAnnotationProblem(problem, NegativeAttempts.class, "maxAttempts", "-1");
        }

        @Test
        void invalidBackoffIsReportedEvenWhenConfigurationOverridesIt() {
            // Like maxAttempts above: "Every invalid value is reported" (JobPolicyResolver's Javadoc)
            String problem = onlyProblem(BadBackoff.class, "background-jobs.job.BadBackoff.backoff", "5s");
            assertAnnotationProblem(problem, BadBackoff.class, "backoff", "soon");
        }
    }

    @Nested
    class InvalidConfiguration {

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "three", "2.5", "99999999999"})
        void maxAttempts(String value) {
            String key = "background-jobs.job.Plain.max-attempts";
            assertConfigProblem(onlyProblem(Plain.class, key, value), key, value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"soon", "0ms", "PT0S", "PT-1S", "5"})
        void backoff(String value) {
            String key = "background-jobs.job.Plain.backoff";
            assertConfigProblem(onlyProblem(Plain.class, key, value), key, value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"never", "0s", "PT-1S"})
        void timeout(String value) {
            String key = "background-jobs.job.Plain.timeout";
            assertConfigProblem(onlyProblem(Plain.class, key, value), key, value);
        }

        @Test
        void invalidValueOverAValidAnnotationNamesTheKey() {
            String key = "background-jobs.job.Annotated.backoff";
            assertConfigProblem(onlyProblem(Annotated.class, key, "later"), key, "later");
        }

        @Test
        void everyProblemIsReported() {
            List<String> problems = resolve(Plain.class,
                    "background-jobs.job.Plain.max-attempts", "0",
                    "background-jobs.job.Plain.backoff", "later",
                    "background-jobs.job.Plain.timeout", "never").problems();
            assertEquals(3, problems.size(), problems::toString);
            assertAll(
                    () -> assertConfigProblem(problems.get(0), "background-jobs.job.Plain.max-attempts", "0"),
                    () -> assertConfigProblem(problems.get(1), "background-jobs.job.Plain.backoff", "later"),
                    () -> assertConfigProblem(problems.get(2), "background-jobs.job.Plain.timeout", "never"));
        }

        @Test
        void annotationAndConfigurationProblemsAreReportedTogether() {
            List<String> problems = resolve(NegativeAttempts.class,
                    "background-jobs.job.NegativeAttempts.backoff", "later",
                    "background-jobs.job.NegativeAttempts.timeout", "never").problems();
            assertEquals(3, problems.size(), problems::toString);
            assertAll(
                    () -> assertAnnotationProblem(problems.get(0), NegativeAttempts.class, "maxAttempts", "-1"),
                    () -> assertConfigProblem(problems.get(1), "background-jobs.job.NegativeAttempts.backoff", "later"),
                    () -> assertConfigProblem(problems.get(2), "background-jobs.job.NegativeAttempts.timeout", "never"));
        }
    }
}
