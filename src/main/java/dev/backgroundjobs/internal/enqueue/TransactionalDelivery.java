package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.JobEnqueueException;
import dev.backgroundjobs.internal.common.Messages;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import redis.clients.jedis.exceptions.JedisDataException;
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
    JobSender sender;

    @Inject
    PendingSends pendingSends;

    @Inject
    UnsentJobs unsent;

    /**
     * Returns the job ids. Sent at once, a unique job whose key is held answers with the holder's id;
     * held for the commit, every job answers with its own id (a unique one held elsewhere is then
     * dropped at the commit).
     */
    List<String> deliver(List<OutgoingJob> jobs) {
        if (inTransaction()) {
            pendingJobsOfCurrentTransaction().addAll(jobs);
            return jobs.stream().map(job -> job.payload().id()).toList();
        }
        return send(jobs);
    }

    private boolean inTransaction() {
        int status = transactions.getTransactionStatus();
        // A transaction marked for rollback will roll back: its jobs are held, then dropped.
        return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
    }

    @SuppressWarnings("unchecked")
    private List<OutgoingJob> pendingJobsOfCurrentTransaction() {
        List<OutgoingJob> pending = (List<OutgoingJob>) transactions.getResource(PENDING_KEY);
        if (pending == null) {
            List<OutgoingJob> created = new ArrayList<>();
            transactions.putResource(PENDING_KEY, created);
            transactions.registerInterposedSynchronization(new SendAfterCommit(created));
            pending = created;
        }
        return pending;
    }

    private List<String> send(List<OutgoingJob> jobs) {
        try {
            return sender.send(jobs);
        } catch (JedisException e) {
            throw new JobEnqueueException(Messages.sendFailed(jobs.size(), e.getMessage()), e);
        }
    }

    private final class SendAfterCommit implements Synchronization {

        private final List<OutgoingJob> pending;

        SendAfterCommit(List<OutgoingJob> pending) {
            this.pending = pending;
        }

        @Override
        public void beforeCompletion() {
            // Nothing is sent until the outcome is known.
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                pending.forEach(job -> job.trace().notSent("the transaction rolled back"));
                return;
            }
            if (pending.isEmpty()) {
                return;
            }
            try {
                sender.send(pending);
            } catch (JedisDataException e) {
                // Redis answered, refusing the jobs: sending them again would be refused again.
                unsent.record(pending, e);
            } catch (RuntimeException e) {
                // The transaction has committed and cannot be undone: keep the jobs and send them later.
                LOG.warning(Messages.sendingLater(pending.size(), e.getMessage()));
                pendingSends.add(pending);
            }
        }
    }
}
