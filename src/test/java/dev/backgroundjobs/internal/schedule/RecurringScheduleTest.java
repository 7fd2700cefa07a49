package dev.backgroundjobs.internal.schedule;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.internal.job.JobDefinitionReader;
import dev.backgroundjobs.internal.job.RecurringSchedule;
import dev.backgroundjobs.internal.payload.ArgumentBinder;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecurringScheduleTest {

    private static final ArgumentBinder BINDER = new ArgumentBinder(JsonbBuilder.create());

    @BackgroundJob
    static class Tick {
        public void perform() {
        }
    }

    /** The schedule the reader makes of {@code cron} in {@code zone}. */
    private static RecurringSchedule schedule(String cron, String zone) {
        Map<String, String> config = Map.of(
                "background-jobs.recurring.Tick.cron", cron,
                "background-jobs.recurring.Tick.zone", zone);
        List<String> problems = new ArrayList<>();
        Optional<RecurringSchedule> schedule = new RecurringScheduleReader(key -> Optional.ofNullable(config.get(key)),
                BINDER).read(JobDefinitionReader.read(Tick.class).definition(), problems);
        assertEquals(List.of(), problems);
        return schedule.orElseThrow();
    }

    private static Optional<Instant> at(String instant) {
        return Optional.of(Instant.parse(instant));
    }

    private static Instant now(String instant) {
        return Instant.parse(instant);
    }

    /** Unix cron: a tick is a whole minute. */
    @Nested
    class EveryQuarterHour {

        private final RecurringSchedule schedule = schedule("*/15 * * * *", "UTC");

        @Test
        void latestOnATickIsThatTick() {
            assertEquals(at("2026-01-15T10:15:00Z"), schedule.latestAtOrBefore(now("2026-01-15T10:15:00Z")));
        }

        @Test
        void latestBetweenTicksIsThePreviousTick() {
            assertEquals(at("2026-01-15T10:15:00Z"), schedule.latestAtOrBefore(now("2026-01-15T10:20:00Z")));
        }

        @Test
        void latestLaterInTheMinuteOfATickIsThatTick() {
            // 10:15:30 is not a scheduled time: the scheduler would fire a new "time" every second of 10:15
            assertEquals(at("2026-01-15T10:15:00Z"), schedule.latestAtOrBefore(now("2026-01-15T10:15:30Z")));
        }

        @Test
        void latestJustBeforeATickIsThePreviousTick() {
            assertEquals(at("2026-01-15T10:00:00Z"), schedule.latestAtOrBefore(now("2026-01-15T10:14:59.999Z")));
        }

        @Test
        void nextAfterATickIsTheFollowingTick() {
            assertEquals(at("2026-01-15T10:30:00Z"), schedule.nextAfter(now("2026-01-15T10:15:00Z")));
        }

        @Test
        void nextBetweenTicks() {
            assertEquals(at("2026-01-15T10:30:00Z"), schedule.nextAfter(now("2026-01-15T10:15:30Z")));
        }

        @Test
        void nextCrossesMidnight() {
            assertEquals(at("2026-01-16T00:00:00Z"), schedule.nextAfter(now("2026-01-15T23:50:00Z")));
        }
    }

    /** Cron with seconds: a tick is a second. */
    @Nested
    class EveryTwoSeconds {

        private final RecurringSchedule schedule = schedule("*/2 * * * * *", "UTC");

        @Test
        void latestOnATickIsThatTick() {
            assertEquals(at("2026-01-15T10:00:04Z"), schedule.latestAtOrBefore(now("2026-01-15T10:00:04Z")));
        }

        @Test
        void latestBetweenTicksIsThePreviousTick() {
            assertEquals(at("2026-01-15T10:00:04Z"), schedule.latestAtOrBefore(now("2026-01-15T10:00:05Z")));
        }

        @Test
        void latestWithinTheSecondOfATickIsThatTick() {
            assertEquals(at("2026-01-15T10:00:04Z"), schedule.latestAtOrBefore(now("2026-01-15T10:00:04.999Z")));
        }

        @Test
        void nextAfterATickIsTheFollowingTick() {
            assertEquals(at("2026-01-15T10:00:06Z"), schedule.nextAfter(now("2026-01-15T10:00:04Z")));
        }

        @Test
        void nextBetweenTicks() {
            assertEquals(at("2026-01-15T10:00:06Z"), schedule.nextAfter(now("2026-01-15T10:00:05.500Z")));
        }

        @Test
        void nextJustBeforeATickIsThatTick() {
            assertEquals(at("2026-01-15T10:00:04Z"), schedule.nextAfter(now("2026-01-15T10:00:03.999Z")));
        }
    }

    /**
     * 03:30 in Paris is 02:30Z in winter (CET) and 01:30Z in summer (CEST); clocks went forward on
     * 2025-03-30 (02:00 became 03:00) and back on 2025-10-26 (03:00 became 02:00).
     */
    @Nested
    class DailyInParis {

        private final RecurringSchedule schedule = schedule("30 3 * * *", "Europe/Paris");

        @Test
        void winterTime() {
            assertEquals(at("2025-01-15T02:30:00Z"), schedule.latestAtOrBefore(now("2025-01-15T12:00:00Z")));
        }

        @Test
        void summerTime() {
            assertEquals(at("2025-07-15T01:30:00Z"), schedule.latestAtOrBefore(now("2025-07-15T12:00:00Z")));
        }

        @Test
        void sameCronInUtcIsAnotherTime() {
            assertEquals(at("2025-01-15T03:30:00Z"),
                    schedule("30 3 * * *", "UTC").latestAtOrBefore(now("2025-01-15T12:00:00Z")));
        }

        @Test
        void nextOverTheSpringChangeIs23HoursLater() {
            assertEquals(at("2025-03-30T01:30:00Z"), schedule.nextAfter(now("2025-03-29T02:30:00Z")));
        }

        @Test
        void latestJustBeforeTheTickOfTheSpringChangeIsTheDayBefore() {
            assertEquals(at("2025-03-29T02:30:00Z"), schedule.latestAtOrBefore(now("2025-03-30T01:29:59Z")));
        }

        @Test
        void latestOnTheTickOfTheSpringChange() {
            assertEquals(at("2025-03-30T01:30:00Z"), schedule.latestAtOrBefore(now("2025-03-30T01:30:00Z")));
        }

        @Test
        void nextOverTheAutumnChangeIs25HoursLater() {
            assertEquals(at("2025-10-26T02:30:00Z"), schedule.nextAfter(now("2025-10-25T01:30:00Z")));
        }

        @Test
        void latestJustBeforeTheTickOfTheAutumnChangeIsTheDayBefore() {
            assertEquals(at("2025-10-25T01:30:00Z"), schedule.latestAtOrBefore(now("2025-10-26T02:29:59Z")));
        }

        @Test
        void latestOnTheTickOfTheAutumnChange() {
            assertEquals(at("2025-10-26T02:30:00Z"), schedule.latestAtOrBefore(now("2025-10-26T02:30:00Z")));
        }

        @Test
        void withSecondsTheSameTimesInSummer() {
            assertEquals(at("2025-07-15T01:30:00Z"),
                    schedule("0 30 3 * * *", "Europe/Paris").latestAtOrBefore(now("2025-07-15T12:00:00Z")));
        }
    }
}
