package dev.backgroundjobs.internal.schedule;

import dev.backgroundjobs.internal.job.RecurringSchedule;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.Recurring;
import dev.backgroundjobs.internal.job.JobDefinition;
import dev.backgroundjobs.internal.job.JobDefinitionReader;
import dev.backgroundjobs.internal.payload.ArgumentBinder;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurringScheduleReaderTest {

    /** One JSON-B for the class: creating one takes far longer than using it. */
    private static final ArgumentBinder BINDER = new ArgumentBinder(JsonbBuilder.create());

    // ---- jobs -------------------------------------------------------------------------------------

    @BackgroundJob
    @Recurring(cron = "*/15 * * * *")
    static class Quarterly {
        public void perform() {
        }
    }

    @BackgroundJob
    @Recurring(cron = "*/2 * * * * *")
    static class EveryTwoSeconds {
        public void perform() {
        }
    }

    @BackgroundJob
    @Recurring(cron = "0 0 3 * * *", zone = "Europe/Paris", args = "[\"daily\", 7]", missed = Recurring.Missed.SKIP)
    static class Report {
        public void perform(String kind, int days) {
        }
    }

    @BackgroundJob(name = "mail.Digest")
    @Recurring(cron = "0 8 * * *")
    static class Digest {
        public void perform() {
        }
    }

    @BackgroundJob
    static class Plain {
        public void perform() {
        }
    }

    @BackgroundJob
    static class Summary {
        public void perform(String kind, int days) {
        }
    }

    @BackgroundJob
    @Recurring(cron = "every day at noon")
    static class BadCron {
        public void perform() {
        }
    }

    @BackgroundJob
    @Recurring(cron = "every day at noon", zone = "Mars/Olympus", args = "{\"kind\":\"daily\"}")
    static class AllBad {
        public void perform(String kind) {
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static JobDefinition definition(Class<?> job) {
        JobDefinitionReader.Result result = JobDefinitionReader.read(job);
        assertTrue(result.valid(), () -> "fixture " + job.getName() + " is not a valid job: " + result.problems());
        return result.definition();
    }

    private static RecurringScheduleReader reader(String... keyValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return new RecurringScheduleReader(key -> Optional.ofNullable(config.get(key)), BINDER);
    }

    /** Reads the job's schedule, asserting that it has no problems. */
    private static Optional<RecurringSchedule> read(Class<?> job, String... keyValues) {
        List<String> problems = new ArrayList<>();
        Optional<RecurringSchedule> schedule = reader(keyValues).read(definition(job), problems);
        assertEquals(List.of(), problems);
        return schedule;
    }

    /** The job's schedule, asserting that there is one. */
    private static RecurringSchedule schedule(Class<?> job, String... keyValues) {
        return read(job, keyValues).orElseThrow(() -> new AssertionError(job.getSimpleName() + " has no schedule"));
    }

    private static List<String> problems(Class<?> job, String... keyValues) {
        List<String> problems = new ArrayList<>();
        reader(keyValues).read(definition(job), problems);
        return problems;
    }

    private static String onlyProblem(Class<?> job, String... keyValues) {
        List<String> problems = problems(job, keyValues);
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }

    /** Asserts a BGJ0011E naming the job, what is wrong and the bad value. */
    private static void assertScheduleProblem(String problem, Class<?> job, String what, String value) {
        assertAll(
                () -> assertTrue(problem.startsWith("BGJ0011E: recurring job " + definition(job).describe() + ": "),
                        problem),
                () -> assertTrue(problem.contains("the " + what + " '" + value + "' is not valid"), problem));
    }

    private static String cronKey(String job) {
        return "background-jobs.recurring." + job + ".cron";
    }

    private static String zoneKey(String job) {
        return "background-jobs.recurring." + job + ".zone";
    }

    private static String argsKey(String job) {
        return "background-jobs.recurring." + job + ".args";
    }

    private static String missedKey(String job) {
        return "background-jobs.recurring." + job + ".missed";
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    // ---- tests ------------------------------------------------------------------------------------

    @Nested
    class Annotation {

        @Test
        void fiveFieldCronIsUnixCron() {
            assertEquals(Optional.of(at("2026-01-15T10:15:00Z")),
                    schedule(Quarterly.class).nextAfter(at("2026-01-15T10:00:00Z")));
        }

        @Test
        void sixFieldCronHasSecondsFirst() {
            assertEquals(Optional.of(at("2026-01-15T10:00:02Z")),
                    schedule(EveryTwoSeconds.class).nextAfter(at("2026-01-15T10:00:00Z")));
        }

        @Test
        void cronIsKeptAsWritten() {
            assertEquals("0 0 3 * * *", schedule(Report.class).cron());
        }

        @Test
        void zone() {
            assertEquals(ZoneId.of("Europe/Paris"), schedule(Report.class).zone());
        }

        @Test
        void argumentsAreOneJsonTextEach() {
            assertEquals(List.of("\"daily\"", "7"), schedule(Report.class).argumentsJson());
        }

        @Test
        void missed() {
            assertEquals(Recurring.Missed.SKIP, schedule(Report.class).missed());
        }

        @Test
        void scheduleIsOfTheJob() {
            RecurringSchedule schedule = schedule(Digest.class);
            assertEquals(definition(Digest.class), schedule.job());
            assertEquals("mail.Digest", schedule.name());
        }
    }

    @Nested
    class Defaults {

        private final RecurringSchedule schedule = schedule(Quarterly.class);

        @Test
        void zoneIsUtc() {
            assertEquals(ZoneId.of("UTC"), schedule.zone());
        }

        @Test
        void noArguments() {
            assertEquals(List.of(), schedule.argumentsJson());
        }

        @Test
        void missedTimesRunOnce() {
            assertEquals(Recurring.Missed.RUN_ONCE, schedule.missed());
        }
    }

    @Nested
    class Configuration {

        @Test
        void cronOverridesAnnotation() {
            assertEquals("0 * * * *", schedule(Quarterly.class, cronKey("Quarterly"), "0 * * * *").cron());
        }

        @Test
        void zoneOverridesAnnotation() {
            assertEquals(ZoneId.of("America/New_York"),
                    schedule(Report.class, zoneKey("Report"), "America/New_York").zone());
        }

        @Test
        void argsOverrideAnnotation() {
            assertEquals(List.of("\"weekly\"", "30"),
                    schedule(Report.class, argsKey("Report"), "[\"weekly\", 30]").argumentsJson());
        }

        @Test
        void missedOverridesAnnotation() {
            assertEquals(Recurring.Missed.RUN_ONCE, schedule(Report.class, missedKey("Report"), "run-once").missed());
        }

        @ParameterizedTest
        @CsvSource({"run-once, RUN_ONCE", "RUN_ONCE, RUN_ONCE", "Run_Once, RUN_ONCE", "skip, SKIP", "SKIP, SKIP"})
        void missedIgnoresCaseAndAcceptsHyphens(String value, Recurring.Missed expected) {
            assertEquals(expected, schedule(Quarterly.class, missedKey("Quarterly"), value).missed());
        }

        @Test
        void declaresAScheduleForAJobWithoutTheAnnotation() {
            RecurringSchedule schedule = schedule(Summary.class,
                    cronKey("Summary"), "0 6 * * 1",
                    zoneKey("Summary"), "Asia/Tokyo",
                    argsKey("Summary"), "[\"weekly\", 7]",
                    missedKey("Summary"), "skip");
            assertAll(
                    () -> assertEquals("0 6 * * 1", schedule.cron()),
                    () -> assertEquals(ZoneId.of("Asia/Tokyo"), schedule.zone()),
                    () -> assertEquals(List.of("\"weekly\"", "7"), schedule.argumentsJson()),
                    () -> assertEquals(Recurring.Missed.SKIP, schedule.missed()));
        }

        @Test
        void aConfiguredScheduleHasTheDefaults() {
            RecurringSchedule schedule = schedule(Plain.class, cronKey("Plain"), "0 6 * * *");
            assertAll(
                    () -> assertEquals(ZoneId.of("UTC"), schedule.zone()),
                    () -> assertEquals(List.of(), schedule.argumentsJson()),
                    () -> assertEquals(Recurring.Missed.RUN_ONCE, schedule.missed()));
        }

        @Test
        void keysUseTheJobNameNotTheClassName() {
            RecurringSchedule schedule = schedule(Digest.class,
                    cronKey("Digest"), "0 9 * * *",
                    cronKey("mail.Digest"), "0 10 * * *");
            assertEquals("0 10 * * *", schedule.cron());
        }

        @Test
        void keysOfOtherJobsDoNotApply() {
            assertEquals("*/15 * * * *", schedule(Quarterly.class, cronKey("Digest"), "0 9 * * *").cron());
        }

        @Test
        void valuesAreTrimmed() {
            RecurringSchedule schedule = schedule(Report.class,
                    cronKey("Report"), " 0 30 4 * * * ",
                    zoneKey("Report"), " Asia/Tokyo ",
                    missedKey("Report"), " run-once ");
            assertAll(
                    () -> assertEquals("0 30 4 * * *", schedule.cron()),
                    () -> assertEquals(ZoneId.of("Asia/Tokyo"), schedule.zone()),
                    () -> assertEquals(Recurring.Missed.RUN_ONCE, schedule.missed()));
        }
    }

    @Nested
    class NoSchedule {

        @Test
        void jobWithoutAnnotationOrCron() {
            assertEquals(Optional.empty(), read(Plain.class));
        }

        @Test
        void otherKeysWithoutACronDeclareNothing() {
            assertEquals(Optional.empty(), read(Summary.class,
                    zoneKey("Summary"), "Europe/Paris",
                    argsKey("Summary"), "[\"daily\", 1]",
                    missedKey("Summary"), "skip"));
        }
    }

    @Nested
    class Invalid {

        @ParameterizedTest
        @ValueSource(strings = {"every day at noon", "61 * * * *", "* * * *", "* * * * * * *", "0 0 25 * * *",
                "*/0 * * * *", "@daily"})
        void cron(String value) {
            assertScheduleProblem(onlyProblem(Plain.class, cronKey("Plain"), value), Plain.class, "cron expression",
                    value);
        }

        @Test
        void cronOfTheAnnotation() {
            assertScheduleProblem(onlyProblem(BadCron.class), BadCron.class, "cron expression", "every day at noon");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Mars/Olympus", "Paris", "+25:00"})
        void zone(String value) {
            assertScheduleProblem(onlyProblem(Quarterly.class, zoneKey("Quarterly"), value), Quarterly.class,
                    "time zone", value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"kind\":\"daily\",\"days\":7}", "\"daily\"", "daily, 7", "[\"daily\", 7",
                "null"})
        void argsThatAreNotAJsonArray(String value) {
            String problem = onlyProblem(Report.class, argsKey("Report"), value);
            assertScheduleProblem(problem, Report.class, "arguments", value);
            assertTrue(problem.contains("not a JSON array"), problem);
        }

        @Test
        void argsWithMoreAfterTheArray() {
            // "[...] [...]" is not a JSON array: running with the first one alone would silently drop the rest
            String value = "[\"daily\", 7] [\"weekly\", 30]";
            assertScheduleProblem(onlyProblem(Report.class, argsKey("Report"), value), Report.class, "arguments",
                    value);
        }

        @Test
        void tooFewArgs() {
            String problem = onlyProblem(Report.class, argsKey("Report"), "[\"daily\"]");
            assertScheduleProblem(problem, Report.class, "arguments", "[\"daily\"]");
            assertTrue(problem.contains("perform takes 2 argument(s)"), problem);
        }

        @Test
        void argsForAJobWithoutParameters() {
            assertScheduleProblem(onlyProblem(Quarterly.class, argsKey("Quarterly"), "[1]"), Quarterly.class,
                    "arguments", "[1]");
        }

        @Test
        void argOfTheWrongType() {
            String problem = onlyProblem(Report.class, argsKey("Report"), "[\"daily\", \"seven\"]");
            assertScheduleProblem(problem, Report.class, "arguments", "[\"daily\", \"seven\"]");
            assertTrue(problem.contains("parameter 2 (days)"), problem);
        }

        @Test
        void nullForAPrimitiveParameter() {
            assertScheduleProblem(onlyProblem(Report.class, argsKey("Report"), "[\"daily\", null]"), Report.class,
                    "arguments", "[\"daily\", null]");
        }

        @ParameterizedTest
        @ValueSource(strings = {"never", "run once", "catch-up"})
        void missed(String value) {
            assertScheduleProblem(onlyProblem(Quarterly.class, missedKey("Quarterly"), value), Quarterly.class,
                    "missed policy", value);
        }

        @Test
        void problemsNameAJobWhoseNameIsNotItsClassName() {
            String problem = onlyProblem(Digest.class, zoneKey("mail.Digest"), "Mars/Olympus");
            assertTrue(problem.startsWith("BGJ0011E: recurring job 'mail.Digest' (" + Digest.class.getName() + "): "),
                    problem);
        }

        @Test
        void anInvalidScheduleIsNotRead() {
            List<String> problems = new ArrayList<>();
            Optional<RecurringSchedule> schedule = reader(zoneKey("Quarterly"), "Mars/Olympus")
                    .read(definition(Quarterly.class), problems);
            assertEquals(Optional.empty(), schedule);
        }

        @Test
        void everyProblemIsReported() {
            List<String> problems = problems(AllBad.class, missedKey("AllBad"), "never");
            assertEquals(4, problems.size(), problems::toString);
            assertAll(
                    () -> assertScheduleProblem(problems.get(0), AllBad.class, "cron expression", "every day at noon"),
                    () -> assertScheduleProblem(problems.get(1), AllBad.class, "time zone", "Mars/Olympus"),
                    () -> assertScheduleProblem(problems.get(2), AllBad.class, "arguments", "{\"kind\":\"daily\"}"),
                    () -> assertScheduleProblem(problems.get(3), AllBad.class, "missed policy", "never"));
        }
    }

    /** One list of problems collects those of every job. */
    @Nested
    class SharedProblemList {

        @Test
        void problemsAreAddedAfterEarlierOnes() {
            List<String> problems = new ArrayList<>(List.of("an earlier problem"));
            reader().read(definition(BadCron.class), problems);
            assertEquals(2, problems.size(), problems::toString);
            assertEquals("an earlier problem", problems.get(0));
            assertScheduleProblem(problems.get(1), BadCron.class, "cron expression", "every day at noon");
        }

        @Test
        void earlierProblemsDoNotHideAValidSchedule() {
            List<String> problems = new ArrayList<>(List.of("an earlier problem"));
            Optional<RecurringSchedule> schedule = reader().read(definition(Quarterly.class), problems);
            assertAll(
                    () -> assertTrue(schedule.isPresent(), "no schedule"),
                    () -> assertEquals(List.of("an earlier problem"), problems));
        }
    }
}
