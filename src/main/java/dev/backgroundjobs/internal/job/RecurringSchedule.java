package dev.backgroundjobs.internal.job;

import com.cronutils.model.time.ExecutionTime;
import dev.backgroundjobs.Recurring;
import dev.backgroundjobs.internal.job.JobDefinition;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** A validated recurring schedule of one job: when it runs, with which arguments (as JSON texts). */
public record RecurringSchedule(JobDefinition job, String cron, ZoneId zone, List<String> argumentsJson,
        Recurring.Missed missed, ExecutionTime times) {

    public RecurringSchedule {
        argumentsJson = List.copyOf(argumentsJson);
    }

    public String name() {
        return job.name();
    }

    /** The latest scheduled time at or before {@code now}, to the second. */
    public Optional<Instant> latestAtOrBefore(Instant now) {
        ZonedDateTime second = now.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
        // Not isMatch: for a 5-field cron it matches every second of a matching minute.
        if (times.nextExecution(second.minusSeconds(1)).filter(second::isEqual).isPresent()) {
            return Optional.of(second.toInstant());
        }
        return times.lastExecution(second).map(ZonedDateTime::toInstant);
    }

    /** The next scheduled time after {@code now}. */
    public Optional<Instant> nextAfter(Instant now) {
        return times.nextExecution(now.truncatedTo(ChronoUnit.SECONDS).atZone(zone)).map(ZonedDateTime::toInstant);
    }
}
