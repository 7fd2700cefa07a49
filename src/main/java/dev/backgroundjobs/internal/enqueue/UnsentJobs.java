package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.redis.FailedStore;
import dev.backgroundjobs.internal.failures.FailureRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jobs of committed transactions that will never be sent: Redis refused them (an answer, not an
 * outage, so sending again would be refused again), or the buffer for late sends is full. Each is
 * kept as a record in Resque's failed list, from where it can be retried once the cause is fixed;
 * only if even that cannot be written is it logged, with its whole payload, as lost.
 */
@ApplicationScoped
public class UnsentJobs {

    private static final Logger LOG = Logger.getLogger(UnsentJobs.class.getName());
    /** The failed record's worker field: no worker ran these jobs. */
    static final String SENDER = "background-jobs after-commit send";

    @Inject
    FailedStore failed;

    void record(List<OutgoingJob> jobs, Exception reason) {
        try {
            addFailed(jobs, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, Messages.recordingUnsentFailed(jobs.size(), e.getMessage()), e);
            lost(jobs);
        }
    }

    /**
     * As {@link #record}, for jobs whose outbox rows keep them: returns false, and leaves them to the
     * relay's next turn, when they could not be recorded.
     */
    boolean recordFromOutbox(List<OutgoingJob> jobs, Exception reason, String table) {
        try {
            addFailed(jobs, reason);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, Messages.recordingOutboxJobsFailed(jobs.size(), table, e.getMessage()), e);
            return false;
        }
    }

    private void addFailed(List<OutgoingJob> jobs, Exception reason) {
        Instant now = Instant.now();
        Exception failure = new UnsentJobException(Messages.unsentAfterCommit(reason.getMessage()), reason);
        List<String> records = jobs.stream().map(job -> FailureRecord.json(now,
                job.payload().payload().getBytes(StandardCharsets.UTF_8), failure, SENDER, job.payload().queue(), 0))
                .toList();
        failed.add(records);
        LOG.severe(Messages.recordedUnsent(jobs.size(), reason.getMessage()));
    }

    /** Logs each job, with its payload, as lost: the log is the last place it can be found. */
    void lost(List<OutgoingJob> jobs) {
        jobs.forEach(job -> LOG.severe(Messages.lostAfterCommit(job.payload().payload())));
    }

    /** Why a job of a committed transaction is in the failed list. */
    static final class UnsentJobException extends Exception {

        private static final long serialVersionUID = 1L;

        UnsentJobException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
