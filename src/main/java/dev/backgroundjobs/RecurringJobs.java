package dev.backgroundjobs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The recurring jobs of this application with their schedules. Injectable and application scoped. */
public interface RecurringJobs {

    List<Info> list();

    /** A recurring job: its name, cron expression and zone, and its next and last run. */
    record Info(String name, String cron, String zone, Optional<Instant> nextRun, Optional<Instant> lastRun) {
    }
}
