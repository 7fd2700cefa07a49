package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.JobBatch;
import dev.backgroundjobs.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Enqueues a batch inside a JTA transaction (CDI's @Transactional), which commits or rolls back. */
@ApplicationScoped
public class BatchInTransaction {

    @Inject
    JobQueue jobs;

    /** Returns whether Redis knew the batch before the commit. */
    @Transactional
    public boolean enqueueAndCommit(JobBatch batch) {
        jobs.enqueueBatch(batch);
        return jobs.batchStatus(batch.id()).isPresent();
    }

    @Transactional
    public void enqueueAndRollBack(JobBatch batch) {
        jobs.enqueueBatch(batch);
        throw new RolledBack();
    }

    /** Thrown to roll the transaction back. */
    public static final class RolledBack extends RuntimeException {

        private static final long serialVersionUID = 1L;
    }
}
