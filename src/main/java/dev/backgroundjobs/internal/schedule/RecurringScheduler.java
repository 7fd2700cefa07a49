package dev.backgroundjobs.internal.schedule;


import dev.backgroundjobs.Recurring;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.job.RecurringSchedule;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.Keys;
import dev.backgroundjobs.internal.redis.ScheduleStore;
import dev.backgroundjobs.internal.redis.QueuedPayload;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fires recurring jobs for the housekeeper: each new scheduled time is offered to Redis once by this
 * server, and Redis lets exactly one server's offer queue the run. A time counts as just come within
 * {@link #JUST_CAME} of it; older ones were missed and run per the schedule's policy.
 */
public final class RecurringScheduler {

    static final Duration JUST_CAME = Duration.ofSeconds(5);

    private final JobCatalog catalog;
    private final List<RecurringSchedule> schedules;
    private final ScheduleStore store;
    private final Keys keys;
    private final Map<String, Instant> offered = new ConcurrentHashMap<>();

    public RecurringScheduler(JobCatalog catalog, ScheduleStore store, Keys keys) {
        this.catalog = catalog;
        this.schedules = catalog.recurring();
        this.store = store;
        this.keys = keys;
    }

    /** Offers every time that came since the last call; returns when the next one comes, if any. */
    public Optional<Instant> fireDue(Instant now) {
        Optional<Instant> next = Optional.empty();
        for (RecurringSchedule schedule : schedules) {
            schedule.latestAtOrBefore(now).ifPresent(time -> {
                if (!time.equals(offered.get(schedule.name()))) {
                    store.fireRecurring(schedule.name(), time, Duration.between(time, now).compareTo(JUST_CAME) <= 0,
                            schedule.missed() == Recurring.Missed.RUN_ONCE, run(schedule, now));
                    offered.put(schedule.name(), time);
                }
            });
            Optional<Instant> following = schedule.nextAfter(now);
            if (following.isPresent() && (next.isEmpty() || following.get().isBefore(next.get()))) {
                next = following;
            }
        }
        return next;
    }

    private QueuedPayload run(RecurringSchedule schedule, Instant now) {
        String id = PayloadCodec.newJobId();
        String payload = PayloadCodec.encode(schedule.name(), id, now, schedule.argumentsJson());
        String statusKey = catalog.tracksStatus(schedule.name()) ? keys.status(id, null) : null;
        return QueuedPayload.now(schedule.job().queue(), payload, statusKey, id);
    }
}
