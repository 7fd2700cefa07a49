package dev.backgroundjobs.it.outbox;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.RunCounts;
import jakarta.inject.Inject;

/**
 * The job each order's transaction enqueues: counts its runs under the order id in Redis (HINCRBY in
 * {@link RunCounts#key}), where the count survives a killed server and adds up over two servers, so a
 * job that ran twice shows 2.
 */
@BackgroundJob(queue = OrderJob.QUEUE)
public class OrderJob {

    static final String QUEUE = "outbox";

    @Inject
    RunCounts runs;

    public void perform(long orderId) {
        runs.ran(Long.toString(orderId));
    }
}
