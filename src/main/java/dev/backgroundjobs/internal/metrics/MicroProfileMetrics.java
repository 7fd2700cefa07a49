package dev.backgroundjobs.internal.metrics;

import dev.backgroundjobs.internal.lifecycle.JobEventSink;

import dev.backgroundjobs.event.JobCancelled;
import dev.backgroundjobs.event.JobDead;
import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.event.JobEvent;
import dev.backgroundjobs.event.JobFailed;
import dev.backgroundjobs.event.JobRetried;
import dev.backgroundjobs.event.JobStarted;
import dev.backgroundjobs.event.JobSucceeded;
import dev.backgroundjobs.internal.config.PoolConfig;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.monitor.QueueWatch;
import dev.backgroundjobs.internal.worker.WorkerSupervisor;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job metrics in the application registry of MicroProfile Metrics, served by the server at
 * {@code /metrics?scope=application}: counters per job and queue, run duration and queue wait as
 * timers (distributions with quantiles), queue sizes and busy loops as gauges. Not a bean by itself:
 * the extension adds it only when the server offers MicroProfile Metrics, so the module also runs
 * without that feature.
 */
public class MicroProfileMetrics implements JobEventSink {

    static final String ENQUEUED = "background_jobs.enqueued";
    static final String PROCESSED = "background_jobs.processed";
    static final String FAILED = "background_jobs.failed";
    static final String RETRIED = "background_jobs.retried";
    static final String DEAD = "background_jobs.dead";
    static final String DURATION = "background_jobs.duration";
    static final String QUEUE_WAIT = "background_jobs.queue_wait";
    static final String QUEUE_SIZE = "background_jobs.queue_size";
    static final String BUSY = "background_jobs.busy_workers";
    static final String UNKNOWN_JOB = "unknown";
    static final String OTHER_QUEUES = "(other)";
    static final int MAX_QUEUE_TAGS = 100;

    @Inject
    MetricRegistry registry;

    @Inject
    QueueWatch queueWatch;

    @Inject
    WorkerSupervisor supervisor;

    @Inject
    JobCatalog catalog;

    /** The metrics of each job and queue, so the registry is asked once per series, not once per job. */
    private final Map<JobAndQueue, Series> series = new ConcurrentHashMap<>();
    private final Set<String> gaugedQueues = ConcurrentHashMap.newKeySet();
    private final Set<String> queueTags = ConcurrentHashMap.newKeySet();

    private record JobAndQueue(String job, String queue) {
    }

    /** The metrics of one job and queue, each registered at its first use. */
    private final class Series {

        private final Tag[] tags;
        private final Map<String, Counter> counters = new ConcurrentHashMap<>();
        private final Map<String, Timer> timers = new ConcurrentHashMap<>();

        Series(JobAndQueue key) {
            tags = new Tag[] {new Tag("job", key.job()), new Tag("queue", key.queue())};
            gaugeQueue(key.queue());
        }

        Counter counter(String name, String description) {
            return counters.computeIfAbsent(name, absent -> registry.counter(
                    Metadata.builder().withName(name).withDescription(description).build(), tags));
        }

        Timer timer(String name, String description) {
            return timers.computeIfAbsent(name, absent -> registry.timer(
                    Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.SECONDS).build(),
                    tags));
        }
    }

    @PostConstruct
    void registerGauges() {
        for (WorkerSupervisor.PoolState pool : supervisor.pools()) {
            registry.gauge(Metadata.builder().withName(BUSY)
                            .withDescription("Worker loops of this server's pool running a job now").build(),
                    () -> busy(pool.name()), new Tag("pool", pool.name()));
            pool.queues().stream().filter(queue -> !queue.equals(PoolConfig.ALL_QUEUES)).forEach(this::gaugeQueue);
        }
    }

    @Override
    public void accept(JobEvent event) {
        Series metrics = series.computeIfAbsent(new JobAndQueue(jobTag(event.jobName()), queueTag(event.queue())),
                Series::new);
        if (event instanceof JobEnqueued) {
            metrics.counter(ENQUEUED, "Jobs sent to Redis through JobQueue").inc();
        } else if (event instanceof JobStarted started) {
            metrics.timer(QUEUE_WAIT, "Time from when a job could run to when a worker took it").update(started.queueWait());
        } else if (event instanceof JobSucceeded succeeded) {
            ended(metrics, succeeded.duration());
        } else if (event instanceof JobCancelled cancelled) {
            // Counted as processed, as Redis's stat:processed counts it, and not as failed.
            ended(metrics, cancelled.duration());
        } else if (event instanceof JobFailed failed) {
            ended(metrics, failed.duration());
            metrics.counter(FAILED, "Runs that failed (every attempt)").inc();
        } else if (event instanceof JobRetried) {
            metrics.counter(RETRIED, "Failed runs scheduled for another attempt").inc();
        } else if (event instanceof JobDead) {
            metrics.counter(DEAD, "Jobs moved to the failed list for good").inc();
        }
    }

    private static void ended(Series metrics, Duration duration) {
        metrics.counter(PROCESSED, "Runs that ended, succeeded, failed or cancelled").inc();
        metrics.timer(DURATION, "How long perform ran").update(duration);
    }

    /**
     * Job names come from payloads anyone may write: only deployed jobs get series of their own, so
     * foreign payloads cannot grow the registry without bound.
     */
    private String jobTag(String jobName) {
        return jobName != null && catalog.byName(jobName).isPresent() ? jobName : UNKNOWN_JOB;
    }

    /** Queue names too come from Redis; past {@value #MAX_QUEUE_TAGS} of them, the rest share one tag. */
    private String queueTag(String queue) {
        if (queue == null || queueTags.contains(queue)) {
            return queue;
        }
        synchronized (queueTags) {
            if (queueTags.size() < MAX_QUEUE_TAGS) {
                queueTags.add(queue);
                return queue;
            }
        }
        return queueTags.contains(queue) ? queue : OTHER_QUEUES;
    }

    private void gaugeQueue(String queue) {
        if (queue != null && !queue.equals(OTHER_QUEUES) && gaugedQueues.add(queue)) {
            registry.gauge(Metadata.builder().withName(QUEUE_SIZE).withDescription("Jobs waiting in the queue").build(),
                    () -> queueWatch.recentSnapshot().size(queue), new Tag("queue", queue));
        }
    }

    private long busy(String pool) {
        return supervisor.pools().stream().filter(state -> state.name().equals(pool))
                .mapToLong(WorkerSupervisor.PoolState::busy).sum();
    }
}
