package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.internal.lifecycle.JobEvents;
import dev.backgroundjobs.internal.redis.QueueStore;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Sends jobs to Redis in one atomic call, then announces each job Redis took, and tells the
 * housekeeper when a delayed one comes due.
 */
@ApplicationScoped
public class JobSender {

    /** The answer, in place of its id, of a job that {@link #sendOnce} found sent before. */
    static final String SENT_BEFORE = "";

    @Inject
    QueueStore queues;

    @Inject
    JobEvents events;

    @Inject
    HousekeepingAlarm alarm;

    /**
     * Returns the ids in order; throws the Redis failure. A unique job whose key another job holds
     * answers with that job's id, and is not announced: it was not sent.
     */
    List<String> send(List<OutgoingJob> jobs) {
        return send(jobs, false);
    }

    /**
     * As {@link #send}, but a job whose id Redis already knows (its status key exists) is not sent
     * again and answers {@link #SENT_BEFORE}: for jobs that may be sent twice, as the outbox's are.
     */
    List<String> sendOnce(List<OutgoingJob> jobs) {
        return send(jobs, true);
    }

    private List<String> send(List<OutgoingJob> jobs, boolean onlyNew) {
        List<String> ids;
        try {
            ids = queues.enqueue(jobs.stream().map(OutgoingJob::payload).toList(), onlyNew);
        } catch (RuntimeException e) {
            jobs.forEach(job -> job.trace().failed(e));
            throw e;
        }
        for (int i = 0; i < jobs.size(); i++) {
            QueuedPayload sent = jobs.get(i).payload();
            if (ids.get(i).equals(SENT_BEFORE)) {
                jobs.get(i).trace().notSent("sent before");
            } else if (!sent.id().equals(ids.get(i))) {
                jobs.get(i).trace().notSent("unique key held by job " + ids.get(i));
            } else {
                jobs.get(i).trace().sent();
                if (sent.runAt() != null) {
                    alarm.ringAt(sent.runAt());
                }
                events.publish(jobs.get(i).enqueued());
            }
        }
        return ids;
    }
}
