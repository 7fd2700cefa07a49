package dev.backgroundjobs.internal.schedule;

import dev.backgroundjobs.RecurringJobs;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.redis.ScheduleStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;

/** {@link RecurringJobs} from the deployed schedules, with the last runs Redis recorded. */
@ApplicationScoped
public class RedisRecurringJobs implements RecurringJobs {

    @Inject
    JobCatalog catalog;

    @Inject
    ScheduleStore schedules;

    @Override
    public List<Info> list() {
        Instant now = Instant.now();
        return catalog.recurring().stream()
                .map(schedule -> new Info(schedule.name(), schedule.cron(), schedule.zone().getId(),
                        schedule.nextAfter(now), schedules.lastRecurringRun(schedule.name())))
                .toList();
    }
}
