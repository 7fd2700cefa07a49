package dev.backgroundjobs.it.transactions;

import dev.backgroundjobs.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** A CDI bean with @Transactional methods. */
@ApplicationScoped
public class ProfileService {

    @Inject
    JobQueue jobs;

    @Inject
    QueueProbe probe;

    @Transactional
    public int enqueueAndCommit(String note) {
        jobs.enqueue(NoteJob.class, note, 1);
        return probe.payloads().size();
    }

    @Transactional
    public void enqueueAndThrow(String note) {
        jobs.enqueue(NoteJob.class, note, 1);
        throw new IllegalStateException("runtime exception: @Transactional rolls back");
    }
}
