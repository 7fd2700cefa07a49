package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.JobEnqueueException;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.outbox.OutboxStore;
import dev.backgroundjobs.internal.redis.ReplicasBehindException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Sends jobs now, or, inside an active JTA transaction, after it commits. Jobs of one transaction are
 * held in the transaction's resource map and sent together in one atomic Redis call; a rollback
 * drops them. With the outbox on, each job is also written to the outbox table as part of the
 * transaction, so that a commit whose send fails or never happens (a crash) still has its jobs: the
 * relay sends them later.
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

    @Inject
    OutboxStore outbox;

    @Inject
    OutboxSends outboxSends;

    /**
     * Returns the job ids. Sent at once, a unique job whose key is held answers with the holder's id;
     * held for the commit, every job answers with its own id (a unique one held elsewhere is then
     * dropped at the commit).
     */
    List<String> deliver(List<OutgoingJob> jobs) {
        int status = transactions.getTransactionStatus();
        // A transaction marked for rollback will roll back: its jobs are held, then dropped.
        if (status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK) {
            List<OutgoingJob> pending = pendingJobsOfCurrentTransaction();
            if (outbox.enabled() && status == Status.STATUS_ACTIVE) {
                writeToOutbox(jobs);
            }
            pending.addAll(jobs);
            return jobs.stream().map(job -> job.payload().id()).toList();
        }
        return send(jobs);
    }

    private void writeToOutbox(List<OutgoingJob> jobs) {
        try {
            outbox.write(jobs.stream().map(OutgoingJob::payload).toList());
        } catch (SQLException e) {
            jobs.forEach(job -> job.trace().notSent("the outbox write failed"));
            throw new JobEnqueueException(Messages.outboxWriteFailed(jobs.size(), outbox.tableName(),
                    outbox.settings().dataSource(), e.getMessage()), e);
        }
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
            if (outbox.enabled()) {
                outboxSends.sendCommitted(pending);
                return;
            }
            try {
                sender.send(pending);
            } catch (JedisDataException e) {
                // Redis answered, refusing the jobs: sending them again would be refused again.
                unsent.record(pending, e);
            } catch (ReplicasBehindException e) {
                // Queued on the master: a second send would queue them twice.
                LOG.warning(Messages.committedJobsNotReplicated(e.getMessage()));
            } catch (RuntimeException e) {
                // The transaction has committed and cannot be undone: keep the jobs and send them later.
                LOG.warning(Messages.sendingLater(pending.size(), e.getMessage()));
                pendingSends.add(pending);
            }
        }
    }
}
