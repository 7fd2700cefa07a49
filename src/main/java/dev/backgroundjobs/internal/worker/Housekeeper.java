package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.enqueue.HousekeepingAlarm;
import dev.backgroundjobs.internal.enqueue.OutboxRelay;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.enqueue.PendingSends;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.monitor.QueueWatch;
import dev.backgroundjobs.internal.redis.ScheduleStore;
import dev.backgroundjobs.internal.redis.WorkerStore;
import dev.backgroundjobs.internal.redis.LimitStore;
import dev.backgroundjobs.internal.redis.RedisClock;
import dev.backgroundjobs.internal.schedule.RecurringScheduler;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.concurrent.ManagedTaskListener;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One long-running task per server for what no single worker loop owns: heart-beating every loop of
 * this server (also while a loop runs a long job), pruning workers of any server whose heartbeat
 * stopped (their jobs go back to their queues), moving due retries and delayed jobs to their queues,
 * firing recurring jobs, sending after-commit jobs that could not be sent at commit time (from memory,
 * or from the outbox table on any server), and warning about queues that hold jobs no live worker
 * listens to. It ends on its own signal, after the last loop has drained at shutdown, so loops running
 * their last jobs keep heart-beating.
 */
final class Housekeeper implements Runnable, ManagedTask {

    private static final Logger LOG = Logger.getLogger(Housekeeper.class.getName());
    /** Keeps a retry that cannot be promoted from turning the housekeeper into a busy loop. */
    private static final Duration SHORTEST_WAIT = Duration.ofMillis(20);
    /** Unattended queues are looked for every few heartbeats: often enough for a warning, rarely enough to cost nothing. */
    private static final int HEARTBEATS_PER_QUEUE_CHECK = 12;

    private final WorkerStore workers;
    private final ScheduleStore schedules;
    private final BackgroundJobsConfig config;
    private final PendingSends pendingSends;
    private final Supplier<List<String>> liveWorkers;
    private final RecurringScheduler recurring;
    private final String schedulerLockValue;
    private final StopSignal stop;
    private final StopSignal end;
    private final OutageReporter outages;
    private final QueueWatch queueWatch;
    private final HousekeepingAlarm alarm;
    private final OutboxRelay outboxRelay;
    private final RedisClock redisClock;
    private final LimitStore limits;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Instant lastTick = Instant.now();
    private Instant nextHeartbeat = Instant.MIN;
    private Instant nextQueueCheck = Instant.MIN;

    Housekeeper(WorkerStore workers, ScheduleStore schedules, BackgroundJobsConfig config, PendingSends pendingSends,
            Supplier<List<String>> liveWorkers, RecurringScheduler recurring, String serverId, StopSignal stop,
            StopSignal end, OutageReporter outages, QueueWatch queueWatch, HousekeepingAlarm alarm, OutboxRelay outboxRelay,
            RedisClock redisClock, LimitStore limits) {
        this.workers = workers;
        this.schedules = schedules;
        this.limits = limits;
        this.recurring = recurring;
        this.schedulerLockValue = "bgj:" + serverId;
        this.config = config;
        this.pendingSends = pendingSends;
        this.liveWorkers = liveWorkers;
        this.stop = stop;
        this.end = end;
        this.outages = outages;
        this.queueWatch = queueWatch;
        this.alarm = alarm;
        this.outboxRelay = outboxRelay;
        this.redisClock = redisClock;
    }

    @Override
    public void run() {
        try {
            // Not the loops' stop signal: while they drain, their heartbeats must go on, or peers would
            // prune them after the worker timeout and run their jobs a second time.
            while (!end.stopping()) {
                alarm.sleep(tick());
            }
        } finally {
            ended.countDown();
        }
    }

    /**
     * Does what is due; returns how long to wait before the next tick: the heartbeat interval, or
     * less when a retry, delayed or recurring job is due sooner.
     */
    private Duration tick() {
        lastTick = Instant.now();
        try {
            // The database alone: an outbox that grows while Redis is down is warned about all the same.
            outboxRelay.watchBacklog();
            if (!lastTick.isBefore(nextHeartbeat)) {
                report(workers.beatAndPrune(liveWorkers.get()));
                limits.publish(false);
                nextHeartbeat = lastTick.plus(config.heartbeatInterval());
            }
            ScheduleStore.DuePromoted due;
            do {
                due = schedules.promoteDue(schedulerLockValue);
            } while (due.more() && !stop.stopping());
            // Recurring times are judged by Redis's clock, so a server whose clock runs ahead fires nothing early.
            Optional<Instant> nextRecurring = recurring.fireDue(redisClock.now()).map(redisClock::toLocal);
            pendingSends.sendAll();
            outboxRelay.relay(stop::stopping);
            if (!lastTick.isBefore(nextQueueCheck)) {
                queueWatch.warnAboutUnattendedQueues();
                nextQueueCheck = lastTick.plus(config.heartbeatInterval().multipliedBy(HEARTBEATS_PER_QUEUE_CHECK));
            }
            outages.reached("housekeeper");
            return untilFirst(List.of(due.retries().nextDue(), due.delayed().nextDue(), nextRecurring,
                    Optional.of(nextHeartbeat)));
        } catch (JedisException e) {
            outages.failed("housekeeper", e);
        } catch (Throwable e) {
            // Nothing may end the housekeeper: without it no loop of this server beats, and peers prune them.
            LOG.log(Level.SEVERE, Messages.housekeepingFailed(), e);
        }
        return longestWait();
    }

    /** Logs, per worker, what the prune really did, and each live worker of this server it registered again. */
    static void report(WorkerStore.Pruned pruned) {
        pruned.registeredAgain().forEach(worker -> LOG.warning(Messages.registeredAgain(worker)));
        for (WorkerStore.PrunedWorker worker : pruned.workers()) {
            LOG.warning(switch (worker.jobsLeft()) {
                case REQUEUED -> Messages.prunedWorkerRequeued(worker.id(), worker.jobs());
                case RECORDED_AS_FAILED -> Messages.prunedForeignWorkerFailed(worker.id());
                case KEPT_IN_FLIGHT -> Messages.prunedWorkerKept(worker.id(), worker.jobs());
                case NONE -> Messages.prunedWorkerIdle(worker.id());
            });
        }
        if (pruned.requeued() + pruned.recordedAsFailed() > 0) {
            LOG.info(Messages.pruneSummary(pruned.requeued(), pruned.recordedAsFailed()));
        }
    }

    /** Idle, the housekeeper looks once per heartbeat interval, as it must beat that often anyway. */
    private Duration longestWait() {
        return config.heartbeatInterval();
    }

    /** The wait until the first of the due times, between {@link #SHORTEST_WAIT} and the longest wait. */
    private Duration untilFirst(List<Optional<Instant>> dueTimes) {
        Duration wait = longestWait();
        for (Optional<Instant> due : dueTimes) {
            if (due.isPresent()) {
                Duration until = Duration.between(Instant.now(), due.get());
                wait = until.compareTo(wait) < 0 ? until : wait;
            }
        }
        return wait.compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : wait;
    }

    boolean alive() {
        return ended.getCount() > 0 && Duration.between(lastTick, Instant.now()).compareTo(
                longestWait().plus(config.redis().timeout()).multipliedBy(3)) < 0;
    }

    void awaitEnd(Duration timeout) {
        try {
            ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Map<String, String> getExecutionProperties() {
        return Map.of(ManagedTask.LONGRUNNING_HINT, "true", ManagedTask.IDENTITY_NAME, "background-jobs housekeeper");
    }

    @Override
    public ManagedTaskListener getManagedTaskListener() {
        return null;
    }
}
