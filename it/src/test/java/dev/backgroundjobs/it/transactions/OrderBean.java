package dev.backgroundjobs.it.transactions;

import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobQueue;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.time.Duration;

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

    /** Schedules a job for later, and reports whether resque-scheduler's schedule had it before the commit. */
    public boolean scheduleAndCommit(String note) {
        jobs.enqueue(JobRequest.of(NoteJob.class, note, 1).in(Duration.ofMinutes(5)));
        return probe.scheduled() > 0;
    }

    public void scheduleAndRollBack(String note) {
        jobs.enqueue(JobRequest.of(NoteJob.class, note, 1).in(Duration.ofMinutes(5)));
        context.setRollbackOnly();
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
