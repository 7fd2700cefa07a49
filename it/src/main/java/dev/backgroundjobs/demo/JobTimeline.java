package dev.backgroundjobs.demo;

import dev.backgroundjobs.event.JobDead;
import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.event.JobEvent;
import dev.backgroundjobs.event.JobFailed;
import dev.backgroundjobs.event.JobRetried;
import dev.backgroundjobs.event.JobStarted;
import dev.backgroundjobs.event.JobSucceeded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo page shows: each city change (when the request came in and when it answered) and the
 * life of each of its jobs as the module's CDI events tell it (queued, running, failed, retrying,
 * succeeded, dead), with the time of each step. Kept in memory, bounded: the last {@value #CHANGES}
 * changes and {@value #JOBS} jobs.
 */
@ApplicationScoped
public class JobTimeline {

    static final int CHANGES = 20;
    static final int JOBS = 300;
    static final int STEPS_PER_JOB = 30;

    private final Deque<Change> changes = new ArrayDeque<>();
    private final Map<String, List<Step>> steps = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Step>> eldest) {
            return size() > JOBS;
        }
    };
    private long lastChangeId;

    /** Called on the thread that fires the event (the request's at commit, a worker's for the rest). */
    void on(@Observes JobEvent event) {
        Instant now = Instant.now();
        Step step;
        if (event instanceof JobEnqueued) {
            step = new Step("queued", now, 0, null, null);
        } else if (event instanceof JobStarted started) {
            step = new Step("running", now, started.attempt(), "attempt " + started.attempt(), null);
        } else if (event instanceof JobSucceeded succeeded) {
            step = new Step("succeeded", now, succeeded.attempt(), "took " + succeeded.duration().toMillis() + " ms", null);
        } else if (event instanceof JobFailed failed) {
            step = new Step("failed", now, failed.attempt(), message(failed.failure()), null);
        } else if (event instanceof JobRetried retried) {
            step = new Step("retrying", now, retried.attempt(), "attempt " + (retried.attempt() + 1) + " due", retried.nextAttemptAt());
        } else if (event instanceof JobDead dead) {
            step = new Step("dead", now, dead.attempts(), "gave up after " + dead.attempts()
                    + " attempts: in the failed list", null);
        } else {
            return;
        }
        synchronized (this) {
            List<Step> life = steps.computeIfAbsent(event.jobId(), id -> new ArrayList<>());
            if (life.size() < STEPS_PER_JOB) {
                life.add(step);
            }
        }
    }

    /** Records a city change the request made; answers its id. */
    public synchronized long changed(CityChange change, Instant received, Instant answered, List<String> jobIds,
            List<String> jobNames) {
        long id = ++lastChangeId;
        changes.addFirst(new Change(id, change, received, answered, List.copyOf(jobIds), List.copyOf(jobNames)));
        while (changes.size() > CHANGES) {
            changes.removeLast();
        }
        return id;
    }

    /** The newest changes first, every time in milliseconds after the request came in. */
    public synchronized List<ChangeView> recent(int limit) {
        Instant now = Instant.now();
        List<ChangeView> views = new ArrayList<>();
        for (Change change : changes) {
            if (views.size() >= limit) {
                break;
            }
            List<JobView> jobs = new ArrayList<>();
            for (int i = 0; i < change.jobIds().size(); i++) {
                String jobId = change.jobIds().get(i);
                List<StepView> life = new ArrayList<>();
                for (Step step : steps.getOrDefault(jobId, List.of())) {
                    life.add(new StepView(step.state(), millis(change.received(), step.at()), step.attempt(), step.detail(),
                            step.next() == null ? null : millis(change.received(), step.next())));
                }
                life.sort((a, b) -> Long.compare(a.t(), b.t()));
                queuedFirst(life);
                String state = life.isEmpty() ? "sent" : life.get(life.size() - 1).state();
                jobs.add(new JobView(jobId, change.jobNames().get(i), state, life));
            }
            views.add(new ChangeView(change.id(), change.change(), millis(change.received(), change.answered()),
                    millis(change.received(), now), jobs));
        }
        return views;
    }

    /**
     * The request thread observes JobEnqueued after the send to Redis, so a worker's JobStarted can be
     * observed first: the job was queued no later than its first step, so "queued" comes first, at the
     * earlier of the two times.
     */
    private static void queuedFirst(List<StepView> life) {
        for (int i = 1; i < life.size(); i++) {
            if (life.get(i).state().equals("queued")) {
                StepView queued = life.remove(i);
                life.add(0, new StepView(queued.state(), Math.min(queued.t(), life.get(0).t()), queued.attempt(),
                        queued.detail(), queued.next()));
                return;
            }
        }
    }

    private static long millis(Instant from, Instant to) {
        return to.toEpochMilli() - from.toEpochMilli();
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    record Step(String state, Instant at, int attempt, String detail, Instant next) {
    }

    record Change(long id, CityChange change, Instant received, Instant answered, List<String> jobIds,
            List<String> jobNames) {
    }

    /** One change as the page shows it: {@code answered} and {@code age} are milliseconds after the request came in. */
    public record ChangeView(long id, CityChange change, long answered, long age, List<JobView> jobs) {
    }

    /** One job of a change: its last state and every step. */
    public record JobView(String id, String name, String state, List<StepView> steps) {
    }

    /** One step, {@code t} (and {@code next}, the due time of a retry) in milliseconds after the request came in. */
    public record StepView(String state, long t, int attempt, String detail, Long next) {
    }
}
