package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.UniqueJob;
import dev.backgroundjobs.internal.config.RetryPolicy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JobPolicyResolver} for {@code @UniqueJob}. */
class JobPolicyResolverUniqueJobTest {

    private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofHours(1));

    // ---- jobs -------------------------------------------------------------------------------------

    @BackgroundJob
    static class NotUnique {
        public void perform(String region, long customerId) {
        }
    }

    @BackgroundJob
    @UniqueJob
    static class WholeArguments {
        public void perform(String region, long customerId, String note) {
        }
    }

    @BackgroundJob
    @UniqueJob
    static class NoParameters {
        public void perform() {
        }
    }

    @BackgroundJob
    @UniqueJob(key = "customerId")
    static class ByCustomer {
        public void perform(String region, long customerId, String note) {
        }
    }

    @BackgroundJob
    @UniqueJob(key = {"note", "region"})
    static class ByNoteAndRegion {
        public void perform(String region, long customerId, String note) {
        }
    }

    @BackgroundJob
    @UniqueJob(until = UniqueJob.Until.FINISHED, expireAfter = "30m")
    static class UntilFinished {
        public void perform(String region) {
        }
    }

    @BackgroundJob
    @UniqueJob(expireAfter = "PT2H")
    static class IsoExpiry {
        public void perform(String region) {
        }
    }

    @BackgroundJob
    @UniqueJob(key = "customerID")
    static class MisspelledKey {
        public void perform(String region, long customerId) {
        }
    }

    @BackgroundJob
    @UniqueJob(key = {"customer", "region", "day"})
    static class TwoUnknownKeys {
        public void perform(String region, long customerId) {
        }
    }

    @BackgroundJob
    @UniqueJob(expireAfter = "soon")
    static class NotADuration {
        public void perform(String region) {
        }
    }

    @BackgroundJob
    @UniqueJob(expireAfter = "0s")
    static class ZeroExpiry {
        public void perform(String region) {
        }
    }

    @BackgroundJob
    @UniqueJob(expireAfter = "PT-1H")
    static class NegativeExpiry {
        public void perform(String region) {
        }
    }

    @BackgroundJob
    @UniqueJob(key = "id", expireAfter = "never")
    static class UnknownKeyAndBadExpiry {
        public void perform(String region) {
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static JobPolicyResolver.Result resolve(Class<?> job) {
        JobDefinition definition = JobDefinitionReader.read(job).definition();
        return new JobPolicyResolver(DEFAULTS, key -> Optional.empty()).resolve(definition);
    }

    private static UniqueRule rule(Class<?> job) {
        JobPolicyResolver.Result result = resolve(job);
        assertEquals(List.of(), result.problems());
        return result.policy().unique().orElseThrow(() -> new AssertionError(job.getSimpleName() + " is not unique"));
    }

    private static String onlyProblem(Class<?> job) {
        List<String> problems = resolve(job).problems();
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }

    /** Asserts a BGJ0009E naming the class, the key name and the parameters of perform. */
    private static void assertUnknownKey(String problem, Class<?> job, String name, String parameters) {
        assertAll(
                () -> assertTrue(problem.startsWith("BGJ0009E: @UniqueJob on " + job.getName() + ": "), problem),
                () -> assertTrue(problem.contains("'" + name + "'"), problem),
                () -> assertTrue(problem.contains("the parameters are " + parameters), problem));
    }

    /** Asserts a BGJ0008E naming the class, the attribute and its value. */
    private static void assertBadExpiry(String problem, Class<?> job, String value) {
        assertAll(
                () -> assertTrue(problem.startsWith("BGJ0008E: "), problem),
                () -> assertTrue(problem.contains(job.getName()), problem),
                () -> assertTrue(problem.contains("expireAfter = \"" + value + "\""), problem));
    }

    // ---- tests ------------------------------------------------------------------------------------

    @Test
    void jobWithoutTheAnnotationIsNotUnique() {
        JobPolicyResolver.Result result = resolve(NotUnique.class);
        assertEquals(List.of(), result.problems());
        assertEquals(Optional.empty(), result.policy().unique());
    }

    @Nested
    class Key {

        @Test
        void parameterNameIsItsPosition() {
            assertEquals(List.of(1), rule(ByCustomer.class).keyArguments());
        }

        @Test
        void positionsFollowTheOrderOfTheKey() {
            assertEquals(List.of(2, 0), rule(ByNoteAndRegion.class).keyArguments());
        }

        @Test
        void emptyKeyIsEveryParameter() {
            assertEquals(List.of(0, 1, 2), rule(WholeArguments.class).keyArguments());
        }

        @Test
        void emptyKeyOfAJobWithoutParametersIsEmpty() {
            assertEquals(List.of(), rule(NoParameters.class).keyArguments());
        }
    }

    @Nested
    class Holding {

        @Test
        void untilDefaultsToStarted() {
            assertEquals(UniqueJob.Until.STARTED, rule(WholeArguments.class).until());
        }

        @Test
        void untilIsCarriedOver() {
            assertEquals(UniqueJob.Until.FINISHED, rule(UntilFinished.class).until());
        }

        @Test
        void expireAfterDefaultsToAnHour() {
            assertEquals(Duration.ofHours(1), rule(WholeArguments.class).expireAfter());
        }

        @Test
        void expireAfter() {
            assertEquals(Duration.ofMinutes(30), rule(UntilFinished.class).expireAfter());
        }

        @Test
        void expireAfterInIso8601() {
            assertEquals(Duration.ofHours(2), rule(IsoExpiry.class).expireAfter());
        }
    }

    @Nested
    class Invalid {

        @Test
        void unknownParameterName() {
            assertUnknownKey(onlyProblem(MisspelledKey.class), MisspelledKey.class, "customerID",
                    "[region, customerId]");
        }

        @Test
        void everyUnknownParameterNameIsReported() {
            List<String> problems = resolve(TwoUnknownKeys.class).problems();
            assertEquals(2, problems.size(), problems::toString);
            assertAll(
                    () -> assertUnknownKey(problems.get(0), TwoUnknownKeys.class, "customer", "[region, customerId]"),
                    () -> assertUnknownKey(problems.get(1), TwoUnknownKeys.class, "day", "[region, customerId]"));
        }

        @Test
        void expireAfterThatIsNotADuration() {
            assertBadExpiry(onlyProblem(NotADuration.class), NotADuration.class, "soon");
        }

        @Test
        void zeroExpireAfter() {
            assertBadExpiry(onlyProblem(ZeroExpiry.class), ZeroExpiry.class, "0s");
        }

        @Test
        void negativeExpireAfter() {
            assertBadExpiry(onlyProblem(NegativeExpiry.class), NegativeExpiry.class, "PT-1H");
        }

        @Test
        void keyAndExpiryProblemsAreReportedTogether() {
            List<String> problems = resolve(UnknownKeyAndBadExpiry.class).problems();
            assertEquals(2, problems.size(), problems::toString);
            assertAll(
                    () -> assertUnknownKey(problems.get(0), UnknownKeyAndBadExpiry.class, "id", "[region]"),
                    () -> assertBadExpiry(problems.get(1), UnknownKeyAndBadExpiry.class, "never"));
        }
    }
}
