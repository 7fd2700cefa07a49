package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.JobEnqueueException;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.lifecycle.JobEvents;
import dev.backgroundjobs.internal.outbox.OutboxStore;
import dev.backgroundjobs.internal.redis.BatchStore;
import dev.backgroundjobs.internal.redis.ReplicasBehindException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Sends a batch in one atomic call: now, or inside an active JTA transaction after it commits
 * (dropped on rollback). With the transactional outbox on, a batch inside a transaction is refused:
 * the outbox's rows are relayed in portions, which would split the batch.
 */
@ApplicationScoped
public class BatchDelivery {

    private static final Logger LOG = Logger.getLogger(BatchDelivery.class.getName());

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    BatchStore batches;

    @Inject
    OutboxStore outbox;

    @Inject
    UnsentJobs unsent;

    @Inject
    JobEvents events;

    /** A batch on its way: its jobs, and its callbacks (null for none). */
    record OutgoingBatch(String id, List<OutgoingJob> jobs, OutgoingJob onSuccess, OutgoingJob onComplete) {

        /** The jobs and callbacks, as one list. */
        List<OutgoingJob> all() {
            List<OutgoingJob> all = new ArrayList<>(jobs);
            if (onSuccess != null) {
                all.add(onSuccess);
            }
            if (onComplete != null) {
                all.add(onComplete);
            }
            return all;
        }
    }

    void deliver(OutgoingBatch batch) {
        int status = transactions.getTransactionStatus();
        if (status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK) {
            if (outbox.enabled()) {
                throw new IllegalStateException(Messages.batchInOutboxTransaction(batch.id()));
            }
            transactions.registerInterposedSynchronization(new SendAfterCommit(batch));
            return;
        }
        try {
            send(batch);
        } catch (JedisException e) {
            throw new JobEnqueueException(Messages.sendFailed(batch.jobs().size(), e.getMessage()), e);
        }
    }

    private void send(OutgoingBatch batch) {
        try {
            batches.enqueue(batch.id(), batch.jobs().stream().map(OutgoingJob::payload).toList(),
                    batch.onSuccess() == null ? null : batch.onSuccess().payload(),
                    batch.onComplete() == null ? null : batch.onComplete().payload());
        } catch (RuntimeException e) {
            batch.all().forEach(job -> job.trace().failed(e));
            throw e;
        }
        batch.jobs().forEach(job -> {
            job.trace().sent();
            events.publish(job.enqueued());
        });
    }

    private final class SendAfterCommit implements Synchronization {

        private final OutgoingBatch batch;

        SendAfterCommit(OutgoingBatch batch) {
            this.batch = batch;
        }

        @Override
        public void beforeCompletion() {
            // Nothing is sent until the outcome is known.
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                batch.all().forEach(job -> job.trace().notSent("the transaction rolled back"));
                return;
            }
            try {
                send(batch);
            } catch (ReplicasBehindException e) {
                LOG.warning(Messages.committedJobsNotReplicated(e.getMessage()));
            } catch (RuntimeException e) {
                // Committed, so it cannot be undone; the jobs are kept where they can still be retried.
                LOG.severe(Messages.batchSendLost(batch.id(), batch.jobs().size(), e.getMessage()));
                try {
                    unsent.record(batch.all(), e);
                } catch (RuntimeException again) {
                    unsent.lost(batch.all());
                }
            }
        }
    }
}
