package dev.backgroundjobs.it.lifecycle;

import dev.backgroundjobs.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Enqueues an echo job in a transaction, so it is sent after the commit. */
@ApplicationScoped
public class TransactionalEcho {

    @Inject
    JobQueue jobs;

    @Transactional
    public String enqueue(String text) {
        return jobs.enqueue(EchoJob.class, text);
    }
}
