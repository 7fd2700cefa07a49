package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.outbox.OutboxCleaner;
import dev.backgroundjobs.internal.outbox.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The fast path of the outbox: right after the commit, the transaction's jobs go to Redis and their
 * rows are deleted (later, off the caller's thread). When Redis does not take them, nothing more is
 * done here: the rows are committed, and the relay sends them. Once a send has failed, commits in the
 * next second leave their jobs to the relay at once rather than each waiting for Redis's timeout.
 */
@ApplicationScoped
public class OutboxSends {

    private static final Logger LOG = Logger.getLogger(OutboxSends.class.getName());
    private static final Duration LEAVE_TO_RELAY_AFTER_FAILURE = Duration.ofSeconds(1);

    @Inject
    JobSender sender;

    @Inject
    OutboxStore outbox;

    @Inject
    OutboxCleaner cleaner;

    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile Instant lastFailure = Instant.MIN;

    void sendCommitted(List<OutgoingJob> jobs) {
        if (Instant.now().isBefore(lastFailure.plus(LEAVE_TO_RELAY_AFTER_FAILURE))) {
            jobs.forEach(job -> job.trace().notSent("Redis failed just before; the outbox relay sends it"));
            return;
        }
        try {
            sender.sendOnce(jobs);
        } catch (RuntimeException e) {
            lastFailure = Instant.now();
            if (failing.compareAndSet(false, true)) {
                LOG.warning(Messages.outboxSendLater(jobs.size(), outbox.tableName(), e.getMessage()));
            }
            return;
        }
        cleaner.deleteLater(jobs.stream().map(job -> job.payload().id()).toList());
        if (failing.compareAndSet(true, false)) {
            LOG.info(Messages.outboxSendingAgain(outbox.tableName()));
        }
    }
}
