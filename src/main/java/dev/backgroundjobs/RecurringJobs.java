package dev.backgroundjobs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The recurring jobs of this application with their schedules. Injectable and application scoped. */
public interface RecurringJobs {

    /**
     * Lists the schedules found at deployment, from {@link Recurring} and from configuration, with
     * the last run recorded in Redis by any server.
     *
     * @return one entry per recurring job, by job name
     */
    List<Info> list();

    /**
     * A recurring job and its schedule.
     *
     * @param name the job's name
     * @param cron the cron expression in force (configuration wins over the annotation)
     * @param zone the time zone the expression is read in
     * @param nextRun the next scheduled time, empty when the expression has none
     * @param lastRun the last time fired by any server, empty when it never fired
     */
    record Info(String name, String cron, String zone, Optional<Instant> nextRun, Optional<Instant> lastRun) {
    }
}
