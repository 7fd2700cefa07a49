package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.job.JobDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimedRunsTest {

    static final JobRunner.Prepared PREPARED = new JobRunner.Prepared(null, null,
            new JobDefinition("Slow", "q", Object.class, null, null, null), new Object[0]);

    final CountDownLatch release = new CountDownLatch(1);
    final JobRunner runner = new JobRunner() {
        @Override
        Outcome invoke(Prepared prepared) {
            while (true) {
                try {
                    release.await();
                    return new Outcome(Outcome.Kind.SUCCEEDED, null, null, prepared.job());
                } catch (InterruptedException e) {
                    // ignored, as a stuck job ignores it
                }
            }
        }
    };
    final TimedRuns runs = new TimedRuns(runner);

    @Test
    void aRunPastItsTimeoutIsListedUntilItEnds() throws Exception {
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            JobRunner.Outcome outcome = runs.run(PREPARED, Duration.ofMillis(50), managed(threads), "w1");

            assertEquals(JobRunner.Outcome.Kind.FAILED, outcome.kind());
            assertEquals(1, runs.stuck().size());
            assertTrue(runs.stuck().get(0).startsWith("Slow on w1 since "), runs.stuck().get(0));
            release.countDown();
            threads.shutdown();
            assertTrue(threads.awaitTermination(5, TimeUnit.SECONDS));
            assertEquals(List.of(), runs.stuck());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRunThatEndsJustAsItsTimeoutPassesLeavesNoStuckEntry() {
        release.countDown();
        // The run completes inside get(), and get() still reports the timeout: the race, made certain.
        ManagedExecutorService lateTimeout = executor(task -> new FutureTask<>(task) {
            @Override
            public JobRunner.Outcome get(long timeout, TimeUnit unit) throws TimeoutException {
                run();
                throw new TimeoutException();
            }
        });

        runs.run(PREPARED, Duration.ofMillis(1), lateTimeout, "w1");

        assertEquals(List.of(), runs.stuck());
    }

    @Test
    void aRunCancelledAtItsTimeoutBeforeItStartedLeavesNoStuckEntry() {
        // An executor whose threads are all busy: the run is still waiting when its timeout passes.
        ManagedExecutorService busy = executor(FutureTask::new);

        JobRunner.Outcome outcome = runs.run(PREPARED, Duration.ofMillis(1), busy, "w1");

        assertEquals(JobRunner.Outcome.Kind.FAILED, outcome.kind());
        assertEquals(List.of(), runs.stuck());
    }

    @Test
    void aRejectedRunThrowsAndLeavesNothingBehind() {
        ManagedExecutorService rejecting = executor(task -> {
            throw new RejectedExecutionException("stopping");
        });

        assertThrows(RejectedExecutionException.class, () -> runs.run(PREPARED, Duration.ofSeconds(1), rejecting, "w1"));
        assertEquals(List.of(), runs.stuck());
    }

    interface Submit {
        Future<JobRunner.Outcome> submit(Callable<JobRunner.Outcome> task);
    }

    @SuppressWarnings("unchecked")
    static ManagedExecutorService executor(Submit submit) {
        return (ManagedExecutorService) Proxy.newProxyInstance(TimedRunsTest.class.getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("submit") && args.length == 1 && args[0] instanceof Callable<?> task) {
                        return submit.submit((Callable<JobRunner.Outcome>) task);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static ManagedExecutorService managed(ExecutorService threads) {
        return executor(threads::submit);
    }
}
