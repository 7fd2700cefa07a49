package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.BackgroundJob;

/**
 * The jobs of {@link TransactionLatencyBenchmark}: queued where no worker reads (its deployments run
 * none), counted there and deleted by the benchmark, so they never run.
 */
@BackgroundJob(queue = TxNoopJob.QUEUE)
public class TxNoopJob {

    static final String QUEUE = "bench-tx";

    public void perform(long index) {
        // nothing: never run
    }
}
