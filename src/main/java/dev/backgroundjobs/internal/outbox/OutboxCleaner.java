package dev.backgroundjobs.internal.outbox;

import dev.backgroundjobs.internal.redis.QueueStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes the rows of jobs Redis has taken, on an executor thread, so that the committing caller waits
 * for the insert only, not for a delete as well; the rows of many commits go in one statement. A row
 * whose delete fails or never runs (the server stopped) stays until a relay finds it, and the relay's
 * send of a job Redis already has sends nothing: Redis marks each job the outbox sends until its row
 * is deleted, when this forgets the mark.
 */
@ApplicationScoped
public class OutboxCleaner {

    private static final Logger LOG = Logger.getLogger(OutboxCleaner.class.getName());
    private static final int BATCH = 500;

    @Inject
    OutboxStore store;

    @Inject
    QueueStore queues;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private final Queue<String> sent = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    public void deleteLater(Collection<String> jobIds) {
        sent.addAll(jobIds);
        drainSoon();
    }

    private void drainSoon() {
        if (!sent.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                LOG.log(Level.FINE, "outbox rows left to the relay: the executor refused their delete", e);
            }
        }
    }

    private void drain() {
        try {
            List<String> batch = new ArrayList<>(BATCH);
            for (String id = sent.poll(); id != null; id = sent.poll()) {
                batch.add(id);
                if (batch.size() == BATCH || sent.isEmpty()) {
                    store.delete(batch);
                    queues.forgetOutboxSends(batch);
                    batch.clear();
                }
            }
        } catch (SQLException | RuntimeException e) {
            // The database would likely refuse the others too: they wait for the relay, not for a busy retry.
            sent.clear();
            LOG.log(Level.FINE, "outbox rows left to the relay: their delete failed", e);
        } finally {
            draining.set(false);
        }
        drainSoon();
    }
}
