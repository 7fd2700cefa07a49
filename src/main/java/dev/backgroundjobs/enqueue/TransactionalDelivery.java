package dev.backgroundjobs.enqueue;

import dev.backgroundjobs.JobEnqueueException;
import dev.backgroundjobs.internal.Messages;
import dev.backgroundjobs.redis.JobStore;
import dev.backgroundjobs.redis.QueuedPayload;
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
 * Sends jobs now, or, inside an active JTA transaction, after it commits. Jobs of one transaction are
 * held in the transaction's resource map and sent together in one atomic Redis call; a rollback
 * drops them.
 */
@ApplicationScoped
public class TransactionalDelivery {

    private static final Logger LOG = Logger.getLogger(TransactionalDelivery.class.getName());
    private static final Object PENDING_KEY = new Object();

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    JobStore store;

    @Inject
    PendingSends pendingSends;

    /**
     * Returns the job ids. Sent at once, a unique job whose key is held answers with the holder's id;
     * held for the commit, every job answers with its own id (a unique one held elsewhere is then
     * dropped at the commit).
     */
    List<String> deliver(List<QueuedPayload> payloads) {
        if (inTransaction()) {
            pendingJobsOfCurrentTransaction().addAll(payloads);
            return payloads.stream().map(QueuedPayload::id).toList();
        }
        return send(payloads);
    }

    private boolean inTransaction() {
        int status = transactions.getTransactionStatus();
        // A transaction marked for rollback will roll back: its jobs are held, then dropped.
        return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
    }

    @SuppressWarnings("unchecked")
    private List<QueuedPayload> pendingJobsOfCurrentTransaction() {
        List<QueuedPayload> pending = (List<QueuedPayload>) transactions.getResource(PENDING_KEY);
        if (pending == null) {
            List<QueuedPayload> created = new ArrayList<>();
            transactions.putResource(PENDING_KEY, created);
            transactions.registerInterposedSynchronization(new SendAfterCommit(created));
            pending = created;
        }
        return pending;
    }

    private List<String> send(List<QueuedPayload> payloads) {
        try {
            return store.enqueue(payloads);
        } catch (JedisException e) {
            throw new JobEnqueueException(Messages.sendFailed(payloads.size(), e.getMessage()), e);
        }
    }

    private final class SendAfterCommit implements Synchronization {

        private final List<QueuedPayload> pending;

        SendAfterCommit(List<QueuedPayload> pending) {
            this.pending = pending;
        }

        @Override
        public void beforeCompletion() {
            // Nothing is sent until the outcome is known.
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED || pending.isEmpty()) {
                return;
            }
            try {
                store.enqueue(pending);
            } catch (RuntimeException e) {
                // The transaction has committed and cannot be undone: keep the jobs and send them later.
                LOG.warning(Messages.sendingLater(pending.size(), e.getMessage()));
                pendingSends.add(pending);
            }
        }
    }
}
