package dev.backgroundjobs.enqueue;

import dev.backgroundjobs.internal.Messages;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Jobs of committed transactions that Redis did not take at commit time. The housekeeper sends them
 * until Redis takes them; those still here when the application stops are logged one by one with
 * their full payload, since nothing else can bring them back.
 */
@ApplicationScoped
public class PendingSends {

    private static final Logger LOG = Logger.getLogger(PendingSends.class.getName());

    @Inject
    JobSender sender;

    private final List<List<OutgoingJob>> pending = new ArrayList<>();

    /** Keeps one transaction's jobs, to be sent together. */
    synchronized void add(List<OutgoingJob> jobs) {
        pending.add(List.copyOf(jobs));
    }

    /** Sends what is pending, oldest first; stops at the first Redis failure and throws it. */
    public void sendAll() {
        while (true) {
            List<OutgoingJob> next;
            synchronized (this) {
                if (pending.isEmpty()) {
                    return;
                }
                next = pending.get(0);
            }
            sender.send(next);
            synchronized (this) {
                pending.remove(0);
            }
            LOG.info(Messages.sentLate(next.size()));
        }
    }

    @PreDestroy
    synchronized void reportLost() {
        pending.forEach(jobs -> jobs.forEach(job -> LOG.severe(Messages.lostAfterCommit(job.payload().payload()))));
        pending.clear();
    }
}
