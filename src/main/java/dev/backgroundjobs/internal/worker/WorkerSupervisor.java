package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.enqueue.HousekeepingAlarm;

import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.config.ConfigKeys;
import dev.backgroundjobs.internal.enqueue.OutboxRelay;
import dev.backgroundjobs.internal.enqueue.PendingSends;
import dev.backgroundjobs.internal.redis.Cancellations;
import dev.backgroundjobs.internal.redis.RedisClock;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.schedule.RecurringScheduler;
import dev.backgroundjobs.internal.config.PoolConfig;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.lifecycle.JobEvents;
import dev.backgroundjobs.internal.monitor.QueueWatch;
import dev.backgroundjobs.internal.redis.QueueStore;
import dev.backgroundjobs.internal.redis.ScheduleStore;
import dev.backgroundjobs.internal.redis.WorkerStore;
import dev.backgroundjobs.internal.redis.LimitStore;
import dev.backgroundjobs.internal.redis.Keys;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts this server's worker loops when the application starts, restarts a loop that dies, and
 * stops them all when the application stops: no more fetching, running jobs get the grace period,
 * then the loops still running are interrupted and their jobs go back to their queues.
 */
@ApplicationScoped
public class WorkerSupervisor {

    private static final Logger LOG = Logger.getLogger(WorkerSupervisor.class.getName());
    /** How long interrupted loops get to put their jobs back and unregister. */
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(5);
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    @Inject
    BackgroundJobsConfig config;

    @Inject
    QueueStore queues;

    @Inject
    WorkerStore workers;

    @Inject
    ScheduleStore schedules;

    @Inject
    Keys keys;

    @Inject
    JobRunner runner;

    @Inject
    PendingSends pendingSends;

    @Inject
    JobCatalog catalog;

    @Inject
    JobEvents events;

    @Inject
    QueueWatch queueWatch;

    @Inject
    HousekeepingAlarm alarm;

    @Inject
    OutboxRelay outboxRelay;

    @Inject
    RedisClock redisClock;

    @Inject
    Cancellations cancellations;

    @Inject
    LimitStore limitStore;

    private final String serverId = UUID.randomUUID().toString();
    private final StopSignal stop = new StopSignal();
    /** Ends the housekeeper, once the loops have drained. */
    private final StopSignal housekeeperEnd = new StopSignal();
    private final OutageReporter outages = new OutageReporter();
    private final Pauses pauses = new Pauses();
    private TimedRuns timedRuns;
    private CancelWatch cancelWatch;
    private WorkerLoop.Services services;
    private Housekeeper housekeeper;
    private final List<WorkerLoop> loops = new CopyOnWriteArrayList<>();
    private final Map<WorkerLoop, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<String, ManagedExecutorService> executors = new ConcurrentHashMap<>();
    private String serverWakeList;
    private volatile boolean started;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        timedRuns = new TimedRuns(runner);
        cancelWatch = new CancelWatch(cancellations, config.cancelGrace(), housekeeperEnd, outages);
        services = new WorkerLoop.Services(queues, workers, keys, runner, timedRuns, stop, outages, pauses, new RunEvents(events), alarm,
                new LoopDeaths(), config.pollInterval(), cancelWatch);
        submitHousekeeper();
        if (config.workersEnabled()) {
            publishLimits();
            serverWakeList = keys.wakeServer(serverId);
            WorkerIds ids = new WorkerIds(applicationName());
            for (PoolConfig pool : config.pools()) {
                ManagedExecutorService executor = executors.computeIfAbsent(pool.executor(), WorkerSupervisor::lookup);
                for (int index = 1; index <= pool.concurrency(); index++) {
                    submit(newLoop(ids.idOf(pool, index), pool, executor));
                }
                LOG.info(Messages.poolStarted(pool.name(), pool.concurrency(), String.join(",", pool.queues())));
            }
        }
        if (config.workersEnabled()) {
            submitCancelWatch();
        }
        started = true;
    }

    /**
     * Before any loop: Liberty runs long-running tasks on its shared thread pool, which starts with few
     * threads (twice the hardware threads) and grows only slowly, so a task submitted after more loops
     * than it has threads waits, once seen for over a minute. Loops waiting there have not registered
     * yet; a housekeeper waiting there leaves the registered ones without heartbeats, and peers prune
     * them after the worker timeout and run their jobs a second time.
     */
    private void submitHousekeeper() {
        housekeeper = new Housekeeper(workers, schedules, config, pendingSends, this::liveWorkerIds,
                new RecurringScheduler(catalog, schedules, keys), serverId, stop, housekeeperEnd, outages, queueWatch,
                alarm, outboxRelay, redisClock, limitStore);
        ManagedExecutorService executor = executors.computeIfAbsent(config.pools().isEmpty()
                ? ConfigKeys.DEFAULT_EXECUTOR : config.pools().get(0).executor(), WorkerSupervisor::lookup);
        try {
            executor.submit(housekeeper);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.SEVERE, Messages.executorRejected("housekeeper", e.getMessage()), e);
        }
    }

    /** On the first pool's executor; without it runs are still cancelled, only not interrupted. */
    private void submitCancelWatch() {
        ManagedExecutorService executor = executors.computeIfAbsent(config.pools().isEmpty()
                ? ConfigKeys.DEFAULT_EXECUTOR : config.pools().get(0).executor(), WorkerSupervisor::lookup);
        try {
            executor.submit(cancelWatch);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.SEVERE, Messages.executorRejected("cancel watch", e.getMessage()), e);
        }
    }

    /**
     * The limits go to Redis before the first fetch, so that no job of this application runs past
     * them, and those of its jobs without one here are withdrawn; with Redis unreachable now, the
     * housekeeper's first heartbeat publishes them (and withdraws nothing).
     */
    private void publishLimits() {
        try {
            limitStore.publish(true);
        } catch (JedisException e) {
            LOG.log(Level.WARNING, Messages.limitsNotPublished(e.getMessage()), e);
        }
    }

    /**
     * Stops fetching, lets the loops drain within the grace period (interrupting them after it), and
     * only then ends the housekeeper: heart-beating goes on until the last loop has ended, so no peer
     * prunes a loop that is still running its job, whatever the grace period.
     */
    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object applicationStopping) {
        stop.stop();
        stopLoops();
        housekeeperEnd.stop();
        alarm.stop();
        if (housekeeper != null) {
            housekeeper.awaitEnd(AFTER_INTERRUPT);
        }
        if (cancelWatch != null) {
            cancelWatch.awaitEnd(AFTER_INTERRUPT);
        }
    }

    private void stopLoops() {
        if (loops.isEmpty()) {
            return;
        }
        try {
            queues.wake(serverWakeList, loops.size());
        } catch (RuntimeException e) {
            // Redis is down: the loops are waiting out a back-off, which the stop signal ends.
        }
        Instant deadline = Instant.now().plus(config.shutdownGracePeriod());
        List<WorkerLoop> unfinished = awaitLoops(deadline);
        if (!unfinished.isEmpty()) {
            LOG.warning(Messages.loopsStillRunning(unfinished.size(), config.shutdownGracePeriod().toString()));
            unfinished.stream().map(running::get).filter(Objects::nonNull).forEach(run -> run.cancel(true));
            awaitLoops(Instant.now().plus(AFTER_INTERRUPT));
        }
    }

    private List<WorkerLoop> awaitLoops(Instant deadline) {
        List<WorkerLoop> unfinished = new ArrayList<>();
        for (WorkerLoop loop : loops) {
            try {
                Duration left = Duration.between(Instant.now(), deadline);
                if (!loop.awaitEnd(left.isNegative() ? Duration.ZERO : left)) {
                    unfinished.add(loop);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unfinished.add(loop);
            }
        }
        return unfinished;
    }

    private WorkerLoop newLoop(WorkerIds.WorkerId id, PoolConfig pool, ManagedExecutorService executor) {
        List<String> wakeLists = new ArrayList<>();
        if (pool.allQueues()) {
            wakeLists.add(keys.wakeAny());
        } else {
            pool.queues().forEach(queue -> wakeLists.add(keys.wake(queue)));
        }
        return new WorkerLoop(id, pool, wakeLists, serverWakeList, executor, services, this::ended);
    }

    private void submit(WorkerLoop loop) {
        loops.add(loop);
        try {
            running.put(loop, loop.executor().submit(loop));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.SEVERE, Messages.executorRejected(loop.id(), e.getMessage()), e);
            loop.rejected();
        }
    }

    /** Called by a loop as it ends; a loop that died while the server runs is replaced. */
    private void ended(WorkerLoop loop) {
        running.remove(loop);
        if (loop.state() != WorkerLoop.State.DIED || stop.stopping()) {
            return;
        }
        LOG.severe(Messages.loopDied(loop.id()));
        // A pause keeps a loop that fails at once from spinning through restarts.
        if (stop.sleep(RESTART_PAUSE)) {
            return;
        }
        loops.remove(loop);
        submit(newLoop(loop.workerId(), loop.pool(), loop.executor()));
    }

    /** The loops of this server with whether each is alive; empty when workers are disabled. */
    public Map<String, Boolean> loopsAlive() {
        Duration turnLimit = config.pollInterval().plus(config.redis().timeout()).plusSeconds(10);
        Map<String, Boolean> alive = new TreeMap<>();
        for (WorkerLoop loop : loops) {
            alive.put(loop.id(), loop.alive(turnLimit));
        }
        return alive;
    }

    /** The pools of this server with their queues, loops, busy loops and whether they are paused. */
    public List<PoolState> pools() {
        if (!config.workersEnabled()) {
            return List.of();
        }
        return config.pools().stream().map(pool -> new PoolState(pool.name(), pool.queues(), pool.concurrency(),
                (int) loops.stream().filter(loop -> loop.pool().name().equals(pool.name()) && loop.busy()).count(),
                pauses.poolPaused(pool.name()))).toList();
    }

    /** A pool of this server as operators see it. */
    public record PoolState(String name, List<String> queues, int concurrency, int busy, boolean paused) {
    }

    /** Pauses or resumes a pool of this server; false when it has no pool of that name. */
    public boolean pausePool(String pool, boolean paused) {
        if (config.pools().stream().noneMatch(candidate -> candidate.name().equals(pool))) {
            return false;
        }
        if (paused ? pauses.pausePool(pool) : pauses.resumePool(pool)) {
            LOG.info(paused ? Messages.poolPaused(pool) : Messages.poolResumed(pool));
            wakeLoopsIfResumed(paused);
        }
        return true;
    }

    /** A resumed loop may be waiting out a poll interval; its server's wake list ends the wait. */
    private void wakeLoopsIfResumed(boolean paused) {
        if (!paused && serverWakeList != null) {
            queues.wake(serverWakeList, loops.size());
        }
    }

    public boolean started() {
        return started;
    }

    /** Runs that passed their timeout and have not ended yet, each described by job, worker and start. */
    public List<String> stuckRuns() {
        return timedRuns == null ? List.of() : timedRuns.stuck();
    }

    /** Whether the housekeeper (heartbeats, retries, pruning) is running. */
    public boolean housekeeperAlive() {
        return housekeeper != null && housekeeper.alive();
    }

    private List<String> liveWorkerIds() {
        return loops.stream().filter(loop -> loop.state() == WorkerLoop.State.RUNNING).map(WorkerLoop::id).toList();
    }

    private static ManagedExecutorService lookup(String jndiName) {
        try {
            return InitialContext.doLookup(jndiName);
        } catch (NamingException e) {
            throw new IllegalStateException(Messages.executorMissing(jndiName, e.getMessage()), e);
        }
    }

    private static String applicationName() {
        try {
            return InitialContext.doLookup("java:app/AppName");
        } catch (NamingException e) {
            return "app";
        }
    }
}
