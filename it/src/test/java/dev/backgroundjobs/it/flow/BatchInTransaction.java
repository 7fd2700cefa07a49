package dev.backgroundjobs.it.flow;

import dev.backgroundjobs.JobBatch;
import dev.backgroundjobs.JobChain;
import dev.backgroundjobs.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;

/** Enqueues a batch or a chain inside a JTA transaction (CDI's @Transactional), which commits or rolls back. */
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

    /** Enqueues a chain in a transaction that commits; returns its steps' ids. */
    @Transactional
    public List<String> enqueueChainAndCommit(JobChain chain) {
        return jobs.enqueueChain(chain);
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
