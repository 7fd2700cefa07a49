package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.redis.Cancellations;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.concurrent.ManagedTaskListener;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One long-running task per server that makes cancelling a running job work without the job's help:
 * while this server runs jobs, it asks Redis every {@link #CHECK_INTERVAL} (one call for all of them)
 * which were asked to stop, tells their runs, and interrupts a run's thread once
 * {@code background-jobs.cancel-grace} has passed since the request was seen. Idle, it costs Redis
 * nothing.
 */
final class CancelWatch implements Runnable, ManagedTask {

    private static final Logger LOG = Logger.getLogger(CancelWatch.class.getName());
    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private final Cancellations cancellations;
    private final Duration grace;
    private final StopSignal end;
    private final OutageReporter outages;
    private final Set<Watched> runs = ConcurrentHashMap.newKeySet();
    private final CountDownLatch ended = new CountDownLatch(1);

    /** A run with its name, for the log line of its interrupt. */
    record Watched(RunControl control, String jobName) {
    }

    CancelWatch(Cancellations cancellations, Duration grace, StopSignal end, OutageReporter outages) {
        this.cancellations = cancellations;
        this.grace = grace;
        this.end = end;
        this.outages = outages;
    }

    /** Watches a run from just before its {@code perform} until {@link #unwatch}; runs without an id cannot be cancelled. */
    Watched watch(RunControl control, String jobName) {
        Watched watched = new Watched(control, jobName);
        if (control.jobId() != null) {
            runs.add(watched);
        }
        return watched;
    }

    void unwatch(Watched watched) {
        runs.remove(watched);
    }

    @Override
    public void run() {
        try {
            while (!end.stopping()) {
                check(System.nanoTime());
                end.sleep(CHECK_INTERVAL);
            }
        } finally {
            ended.countDown();
        }
    }

    void check(long now) {
        if (runs.isEmpty()) {
            return;
        }
        List<Watched> current = new ArrayList<>(runs);
        try {
            List<String> unasked = current.stream().filter(run -> !run.control().cancelRequested())
                    .map(run -> run.control().jobId()).toList();
            if (!unasked.isEmpty()) {
                Set<String> marked = cancellations.marked(unasked);
                current.stream().filter(run -> marked.contains(run.control().jobId()))
                        .forEach(run -> run.control().requestSeen(now));
                outages.reached("cancel watch");
            }
        } catch (JedisException e) {
            // Requests seen before go on to their interrupts; new ones wait until Redis answers again.
            outages.failed("cancel watch", e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, Messages.cancelWatchFailed(), e);
        }
        for (Watched run : current) {
            RunControl control = run.control();
            if (control.cancelRequested() && now - control.seenAt() >= grace.toNanos() && control.interrupt()) {
                LOG.info(Messages.cancelInterrupted(control.jobId(), run.jobName(), grace));
            }
        }
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
        return Map.of(ManagedTask.LONGRUNNING_HINT, "true", ManagedTask.IDENTITY_NAME, "background-jobs cancel watch");
    }

    @Override
    public ManagedTaskListener getManagedTaskListener() {
        return null;
    }
}
