package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.enqueue.HousekeepingAlarm;
import dev.backgroundjobs.internal.failures.FailureRecord;

import dev.backgroundjobs.internal.config.PoolConfig;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.redis.Fetched;
import dev.backgroundjobs.internal.redis.Keys;
import dev.backgroundjobs.internal.redis.QueueStore;
import dev.backgroundjobs.internal.redis.WorkerStore;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.concurrent.ManagedTaskListener;
import jakarta.enterprise.context.control.RequestContextController;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One worker: a long-running task that registers as a Resque worker, then takes jobs from its pool's
 * queues until the server stops, and unregisters (putting back whatever it did not finish). It
 * survives every job failure and Redis outage; only a fault in the loop itself ends it early, and the
 * supervisor then starts it again.
 */
final class WorkerLoop implements Runnable, ManagedTask {

    enum State { NEW, RUNNING, STOPPED, DIED }

    private static final Logger LOG = Logger.getLogger(WorkerLoop.class.getName());
    /** Waits for a limit up to this long are slept here rather than in a blocking Redis call. */
    private static final Duration LOCAL_WAIT = Duration.ofMillis(300);

    private final String id;
    private final String hostField;
    private final PoolConfig pool;
    private final List<String> wakeLists;
    private final List<String> serverWakeList;
    private final Duration pollInterval;
    private final QueueStore queues;
    private final WorkerStore workers;
    private final JobRunner runner;
    private final TimedRuns timedRuns;
    private final CancelWatch cancelWatch;
    private final Completion completion;
    private final ManagedExecutorService executor;
    private final StopSignal stop;
    private final OutageReporter outages;
    private final Pauses pauses;
    private final RunEvents events;
    private final HousekeepingAlarm alarm;
    private final LoopDeaths deaths;
    private final Consumer<WorkerLoop> onEnd;
    private final Backoff backoff = new Backoff();
    private final CountDownLatch ended = new CountDownLatch(1);

    private volatile State state = State.NEW;
    private volatile Instant lastTurn = Instant.now();
    private volatile Instant busySince;
    /** This loop's thread's, for the runs without a timeout. */
    private RequestContextController requestContext;
    /** The last run, ended but not yet written to Redis. */
    private Ended unwritten;
    /** The job being run, until its end is decided. */
    private Fetched running;
    /** Set by the last fetch when this loop is to wake by itself for jobs held back by a limit. */
    private Duration limitWait;

    /** A run that ended, with what its end event needs. */
    private record Ended(Fetched job, JobRunner.Prepared prepared, JobRunner.Outcome outcome, Duration duration,
            Completion.Plan plan) {
    }

    /** What all loops of a server share. */
    record Services(QueueStore queues, WorkerStore workers, Keys keys, JobRunner runner, TimedRuns timedRuns, StopSignal stop, OutageReporter outages,
            Pauses pauses, RunEvents events, HousekeepingAlarm alarm, LoopDeaths deaths, Duration pollInterval,
            CancelWatch cancelWatch) {
    }

    /**
     * {@code wakeLists} are the lists whose tokens announce work for the pool's queues;
     * {@code serverWakeList} the server's own, which announces a stop or a resume.
     */
    WorkerLoop(WorkerIds.WorkerId id, PoolConfig pool, List<String> wakeLists, String serverWakeList,
            ManagedExecutorService executor, Services services, Consumer<WorkerLoop> onEnd) {
        this.id = id.id();
        this.hostField = id.hostField();
        this.pool = pool;
        this.serverWakeList = List.of(serverWakeList);
        List<String> allWakeLists = new ArrayList<>(wakeLists);
        allWakeLists.add(serverWakeList);
        this.wakeLists = List.copyOf(allWakeLists);
        this.pollInterval = services.pollInterval();
        this.queues = services.queues();
        this.workers = services.workers();
        this.runner = services.runner();
        this.timedRuns = services.timedRuns();
        this.cancelWatch = services.cancelWatch();
        this.completion = new Completion(services.queues(), services.keys());
        this.executor = executor;
        this.stop = services.stop();
        this.outages = services.outages();
        this.pauses = services.pauses();
        this.events = services.events();
        this.alarm = services.alarm();
        this.deaths = services.deaths();
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        state = State.RUNNING;
        Throwable death = null;
        try {
            requestContext = runner.requestContextController();
            register();
            while (!stop.stopping()) {
                turn();
            }
        } catch (Throwable e) {
            death = e;
            LOG.log(Level.SEVERE, Messages.loopFailed(id), e);
        } finally {
            writeLastEnd();
            if (death != null && running != null) {
                quarantineIfRepeated(running, death);
            }
            unregister();
            releaseRequestContext();
            state = death == null ? State.STOPPED : State.DIED;
            ended.countDown();
            onEnd.accept(this);
        }
    }

    /**
     * The job this loop died running goes back to the head of its queue when the loop unregisters; the
     * second time a payload ends a loop, it is recorded as failed instead, so it cannot keep its queue
     * in a restart loop.
     */
    private void quarantineIfRepeated(Fetched job, Throwable death) {
        if (!deaths.diedWith(job.payload())) {
            return;
        }
        String why = Messages.quarantined(LoopDeaths.QUARANTINE_AFTER);
        try {
            queues.finish(queues.failed(id, job, FailureRecord.json(Instant.now(), job.payload(),
                    new QuarantinedPayloadException(why, death), id, job.queue(), 1), null, null));
            LOG.severe(why + "; it is in the failed list, recorded by worker " + id);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, Messages.quarantineFailed(id), e);
        }
    }

    private void register() {
        while (!stop.stopping()) {
            try {
                long recovered = workers.register(id, hostField);
                if (recovered > 0) {
                    LOG.info(Messages.recoveredAtStart(id, recovered));
                }
                outages.reached(id);
                return;
            } catch (JedisException e) {
                waitForRedis(e);
            }
        }
    }

    private void turn() {
        lastTurn = Instant.now();
        try {
            if (pauses.idle(pool)) {
                writeEnd();
                // Only the server's own list: a paused loop must not take the wake tokens of live ones.
                queues.awaitWork(serverWakeList, pollInterval);
                return;
            }
            limitWait = null;
            Fetched job = queues.fetch(id, pool, unwritten == null ? null : unwritten.plan().end(), wait -> limitWait = wait);
            announceWrittenEnd();
            outages.reached(id);
            backoff.reset();
            if (job == null) {
                idle();
                return;
            }
            running = job;
            // Written with the next fetch, in one round trip: a busy loop costs Redis one call per job.
            unwritten = perform(job);
            running = null;
        } catch (JedisException e) {
            waitForRedis(e);
        }
    }

    /**
     * Waits for work: for a wake token, or, as the worker that wakes when jobs held back by a limit are
     * due, until then. Redis ends a blocking wait up to 100 ms late, so the last stretch of that wait
     * is slept here, for the precision a rate limit needs.
     */
    private void idle() {
        Duration wait = limitWait;
        if (wait == null) {
            queues.awaitWork(wakeLists, pollInterval);
        } else if (wait.compareTo(LOCAL_WAIT) <= 0) {
            stop.sleep(wait);
        } else {
            Duration blocking = wait.minus(LOCAL_WAIT.dividedBy(2));
            queues.awaitWork(wakeLists, blocking.compareTo(pollInterval) < 0 ? blocking : pollInterval);
        }
    }

    /**
     * Runs a fetched job to its end, as Redis is to record it; null when the shutdown cut it short (it
     * stays in flight, and unregistering puts it back). Nothing the job brings escapes from here:
     * what gets past the runner's own guards (an executor that rejects a timed run, a failure while
     * planning the record) becomes the run's failure, so no payload can end the loop.
     */
    private Ended perform(Fetched job) {
        busySince = Instant.now();
        JobRunner.Prepared prepared = null;
        JobRunner.Outcome outcome;
        long start = System.nanoTime();
        try {
            JobRunner.Preparation preparation = runner.prepare(job);
            prepared = preparation.prepared();
            outcome = prepared == null ? preparation.cannotRun() : run(job, prepared);
        } catch (Throwable e) {
            outcome = escaped(prepared, e);
        } finally {
            busySince = null;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        if (outcome.kind() == JobRunner.Outcome.Kind.INTERRUPTED && stop.stopping()) {
            return null;
        }
        return new Ended(job, prepared, outcome, duration,
                plan(job, outcome, prepared != null && prepared.progressWritten().get()));
    }

    private JobRunner.Outcome escaped(JobRunner.Prepared prepared, Throwable failure) {
        if (prepared == null) {
            return new JobRunner.Outcome(JobRunner.Outcome.Kind.CANNOT_RUN, failure, null, null);
        }
        boolean cutShort = stop.stopping() && failure instanceof RejectedExecutionException;
        return new JobRunner.Outcome(cutShort ? JobRunner.Outcome.Kind.INTERRUPTED : JobRunner.Outcome.Kind.FAILED,
                failure, prepared.payload(), prepared.job());
    }

    private Completion.Plan plan(Fetched job, JobRunner.Outcome outcome, boolean progressWritten) {
        try {
            return completion.plan(id, job, outcome, progressWritten);
        } catch (RuntimeException e) {
            // The next attempt could not be built from this payload: recorded as failed, with why.
            return completion.plan(id, job, new JobRunner.Outcome(JobRunner.Outcome.Kind.CANNOT_RUN, e, null, null),
                    false);
        }
    }

    private JobRunner.Outcome run(Fetched job, JobRunner.Prepared prepared) {
        events.started(job, prepared);
        Optional<Duration> timeout = prepared.job().policy().timeout();
        CancelWatch.Watched watched = cancelWatch.watch(prepared.control(), prepared.job().name());
        try {
            return timeout.isPresent() ? timedRuns.run(prepared, timeout.get(), executor, id)
                    : runner.invoke(prepared, requestContext);
        } finally {
            cancelWatch.unwatch(watched);
        }
    }

    /** Writes the end of the last run on its own; throws the Redis failure, for the caller to try again. */
    private void writeEnd() {
        if (unwritten != null) {
            queues.finish(unwritten.plan().end());
            announceWrittenEnd();
        }
    }

    private void announceWrittenEnd() {
        Ended ended = unwritten;
        unwritten = null;
        if (ended != null) {
            ended.plan().nextAttempt().ifPresent(alarm::ringAt);
            events.ended(ended.job(), ended.prepared(), ended.outcome(), ended.duration(), ended.plan().nextAttempt());
        }
    }

    /**
     * As the loop ends, writes the end of the last run; if that fails, the run stays in flight and runs
     * again once recovered.
     */
    private void writeLastEnd() {
        try {
            writeEnd();
        } catch (RuntimeException e) {
            outages.failed(id, e);
        }
    }

    private void waitForRedis(JedisException e) {
        outages.failed(id, e);
        lastTurn = Instant.now();
        stop.sleep(backoff.next());
    }

    private void unregister() {
        try {
            long requeued = workers.unregister(id);
            if (requeued > 0) {
                LOG.info(Messages.requeuedAtStop(id, requeued));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, Messages.unregisterFailed(id), e);
        }
    }

    private void releaseRequestContext() {
        try {
            if (requestContext != null) {
                runner.release(requestContext);
            }
        } catch (RuntimeException e) {
            // The application may be stopping under the loop; the controller then goes with it.
            LOG.log(Level.FINE, "request context controller of " + id + " not released", e);
        }
    }

    /** The executor never ran this loop: it counts as dead, and there is nothing to wait for at stop. */
    void rejected() {
        state = State.DIED;
        ended.countDown();
    }

    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Alive while running and either busy with a job or turning within the expected time: an idle turn
     * takes at most one poll interval plus a Redis timeout, a back-off at most a few seconds.
     */
    boolean alive(Duration turnLimit) {
        return state == State.NEW
                || state == State.RUNNING
                && (busySince != null || Duration.between(lastTurn, Instant.now()).compareTo(turnLimit) < 0);
    }

    boolean busy() {
        return busySince != null;
    }

    PoolConfig pool() {
        return pool;
    }

    String id() {
        return id;
    }

    WorkerIds.WorkerId workerId() {
        return new WorkerIds.WorkerId(id, hostField);
    }

    ManagedExecutorService executor() {
        return executor;
    }

    State state() {
        return state;
    }

    @Override
    public Map<String, String> getExecutionProperties() {
        return Map.of(ManagedTask.LONGRUNNING_HINT, "true", ManagedTask.IDENTITY_NAME, "background-jobs worker " + id);
    }

    @Override
    public ManagedTaskListener getManagedTaskListener() {
        return null;
    }
}
