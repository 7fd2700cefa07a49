package dev.backgroundjobs.lifecycle;

import dev.backgroundjobs.JobDead;
import dev.backgroundjobs.JobEnqueued;
import dev.backgroundjobs.JobEvent;
import dev.backgroundjobs.JobFailed;
import dev.backgroundjobs.JobRetried;
import dev.backgroundjobs.JobStarted;
import dev.backgroundjobs.JobSucceeded;
import dev.backgroundjobs.config.PoolConfig;
import dev.backgroundjobs.monitor.QueueWatch;
import dev.backgroundjobs.worker.WorkerSupervisor;
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

    @Inject
    MetricRegistry registry;

    @Inject
    QueueWatch queueWatch;

    @Inject
    WorkerSupervisor supervisor;

    /** Metrics by name and tags, so the registry is asked once per series, not once per job. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Set<String> gaugedQueues = ConcurrentHashMap.newKeySet();

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
        gaugeQueue(event.queue());
        if (event instanceof JobEnqueued) {
            counter(ENQUEUED, "Jobs sent to Redis through JobQueue", event).inc();
        } else if (event instanceof JobStarted started) {
            timer(QUEUE_WAIT, "Time from when a job could run to when a worker took it", event).update(started.queueWait());
        } else if (event instanceof JobSucceeded succeeded) {
            ended(event, succeeded.duration());
        } else if (event instanceof JobFailed failed) {
            ended(event, failed.duration());
            counter(FAILED, "Runs that failed (every attempt)", event).inc();
        } else if (event instanceof JobRetried) {
            counter(RETRIED, "Failed runs scheduled for another attempt", event).inc();
        } else if (event instanceof JobDead) {
            counter(DEAD, "Jobs moved to the failed list for good", event).inc();
        }
    }

    private void ended(JobEvent event, Duration duration) {
        counter(PROCESSED, "Runs that ended, succeeded or failed", event).inc();
        timer(DURATION, "How long perform ran", event).update(duration);
    }

    private Counter counter(String name, String description, JobEvent event) {
        return counters.computeIfAbsent(series(name, event), key -> registry.counter(
                Metadata.builder().withName(name).withDescription(description).build(), tags(event)));
    }

    private Timer timer(String name, String description, JobEvent event) {
        return timers.computeIfAbsent(series(name, event), key -> registry.timer(
                Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.SECONDS).build(),
                tags(event)));
    }

    private void gaugeQueue(String queue) {
        if (queue != null && gaugedQueues.add(queue)) {
            registry.gauge(Metadata.builder().withName(QUEUE_SIZE).withDescription("Jobs waiting in the queue").build(),
                    () -> queueWatch.recentSnapshot().size(queue), new Tag("queue", queue));
        }
    }

    private long busy(String pool) {
        return supervisor.pools().stream().filter(state -> state.name().equals(pool))
                .mapToLong(WorkerSupervisor.PoolState::busy).sum();
    }

    private static String series(String name, JobEvent event) {
        return name + '\u0000' + event.jobName() + '\u0000' + event.queue();
    }

    private static Tag[] tags(JobEvent event) {
        return new Tag[] {new Tag("job", event.jobName() == null ? "unknown" : event.jobName()),
                new Tag("queue", event.queue())};
    }
}
