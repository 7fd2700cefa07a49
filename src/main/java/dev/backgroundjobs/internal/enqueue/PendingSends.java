package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.redis.ReplicasBehindException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;

/**
 * Jobs of committed transactions that Redis did not take at commit time. The housekeeper sends them
 * until Redis takes them, each transaction's jobs together, oldest first. The buffer is bounded: a
 * transaction's jobs that would pass the limit are logged as lost at once. A batch Redis refuses (an
 * answer, not an outage) is recorded in the failed list rather than sent again. Those still here when
 * the application stops are logged one by one with their full payload, since nothing else can bring
 * them back.
 */
@ApplicationScoped
public class PendingSends {

    private static final Logger LOG = Logger.getLogger(PendingSends.class.getName());

    @Inject
    JobSender sender;

    @Inject
    UnsentJobs unsent;

    @Inject
    BackgroundJobsConfig config;

    private final Deque<List<OutgoingJob>> pending = new ArrayDeque<>();
    private int jobs;

    /** Keeps one transaction's jobs, to be sent together; logs them as lost when the buffer is full. */
    void add(List<OutgoingJob> transactionJobs) {
        synchronized (this) {
            if (jobs + transactionJobs.size() <= config.maxPendingSends()) {
                pending.addLast(List.copyOf(transactionJobs));
                jobs += transactionJobs.size();
                return;
            }
        }
        LOG.severe(Messages.pendingSendsFull(transactionJobs.size(), config.maxPendingSends()));
        unsent.lost(transactionJobs);
    }

    /** How many jobs wait to be sent. */
    public synchronized int size() {
        return jobs;
    }

    /** Sends what is pending, oldest first; stops at the first outage and throws it. */
    public void sendAll() {
        while (true) {
            List<OutgoingJob> next;
            synchronized (this) {
                next = pending.peekFirst();
            }
            if (next == null) {
                return;
            }
            try {
                sender.send(next);
                LOG.info(Messages.sentLate(next.size()));
            } catch (JedisDataException e) {
                // Refused, so it would be refused again: kept in the failed list, and the batches behind it go on.
                unsent.record(next, e);
            } catch (ReplicasBehindException e) {
                LOG.warning(Messages.committedJobsNotReplicated(e.getMessage()));
            }
            synchronized (this) {
                pending.removeFirst();
                jobs -= next.size();
            }
        }
    }

    @PreDestroy
    synchronized void reportLost() {
        pending.forEach(unsent::lost);
        pending.clear();
        jobs = 0;
    }
}
