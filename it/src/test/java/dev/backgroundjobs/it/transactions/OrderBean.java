package dev.backgroundjobs.it.transactions;

import dev.backgroundjobs.JobQueue;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/** An EJB with container-managed transactions (REQUIRED by default). */
@Stateless
public class OrderBean {

    @Inject
    JobQueue jobs;

    @Inject
    QueueProbe probe;

    @Resource
    SessionContext context;

    /** Enqueues, and reports how many jobs Redis held before the commit. */
    public int enqueueAndCommit(String note) {
        jobs.enqueue(NoteJob.class, note, 1);
        jobs.enqueue(NoteJob.class, note, 2);
        return probe.payloads().size();
    }

    public void enqueueAndRollBack(String note) {
        jobs.enqueue(NoteJob.class, note, 1);
        context.setRollbackOnly();
    }

    public void enqueueAndThrow(String note) {
        jobs.enqueue(NoteJob.class, note, 1);
        throw new IllegalStateException("system exception: the container rolls back");
    }
}
