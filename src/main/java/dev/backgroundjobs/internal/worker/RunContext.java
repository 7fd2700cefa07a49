package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.JobContext;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.redis.StatusStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The injectable {@link JobContext}: one bean for every run, answering for the calling thread's. */
@ApplicationScoped
@Typed(JobContext.class)
class RunContext implements JobContext {

    static final int MAX_MESSAGE_LENGTH = 1_000;
    private static final long CANCEL_CHECK_INTERVAL = TimeUnit.MILLISECONDS.toNanos(500);

    @Inject
    StatusStore statuses;

    @Override
    public String jobId() {
        return CurrentRun.get().jobId;
    }

    @Override
    public String jobName() {
        return CurrentRun.get().jobName;
    }

    @Override
    public String queue() {
        return CurrentRun.get().queue;
    }

    @Override
    public int attempt() {
        return CurrentRun.get().attempt;
    }

    @Override
    public int maxAttempts() {
        return CurrentRun.get().maxAttempts;
    }

    @Override
    public Optional<Instant> enqueuedAt() {
        return CurrentRun.get().enqueuedAt;
    }

    @Override
    public void reportProgress(int percent, String message) {
        CurrentRun run = CurrentRun.get();
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException(Messages.progressPercentOutOfRange(percent));
        }
        if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException(Messages.progressMessageTooLong(message.length(), MAX_MESSAGE_LENGTH));
        }
        if (run.jobId != null) {
            statuses.reportProgress(run.jobId, percent, message);
            run.progressWritten.set(true);
        }
    }

    @Override
    public boolean cancelRequested() {
        CurrentRun run = CurrentRun.get();
        // The server's CancelWatch may have seen the request already; else Redis is asked, at most twice a second.
        if (run.jobId == null || run.control.cancelRequested()) {
            return run.control.cancelRequested();
        }
        long now = System.nanoTime();
        if (now - run.nextCancelCheck >= 0) {
            if (statuses.cancelRequested(run.jobId)) {
                run.control.requestSeen(now);
            }
            run.nextCancelCheck = now + CANCEL_CHECK_INTERVAL;
        }
        return run.control.cancelRequested();
    }
}
