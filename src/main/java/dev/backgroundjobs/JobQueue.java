package dev.backgroundjobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Posts jobs to their Redis queues in the Resque format. Injectable and application scoped.
 *
 * <p>Inside an active JTA transaction jobs are held and sent after the transaction commits, and
 * dropped if it rolls back; outside a transaction they are sent at once and a Redis failure throws
 * {@link JobEnqueueException}. Every method returns job ids at once, in either case.
 */
public interface JobQueue {

    /**
     * Sends a job to the queue named by its {@link BackgroundJob#queue()}.
     *
     * @throws InvalidJobArgumentsException if the arguments do not fit the job's {@code perform}
     */
    String enqueue(Class<?> job, Object... args);

    /** Like {@link #enqueue(Class, Object...)}, but to the given queue. */
    String enqueueTo(String queue, Class<?> job, Object... args);

    /**
     * Sends a job by its name, for jobs run by workers in other languages (Ruby or PHP Resque). When
     * the name is one of this application's jobs, the arguments are checked as for {@link #enqueue}.
     */
    String enqueueByName(String queue, String jobName, Object... args);

    /**
     * Sends a job to run once the delay has passed, stored as resque-scheduler stores delayed jobs
     * (to the second). Inside a transaction it is stored after the commit, like any job.
     */
    String enqueueIn(Duration delay, Class<?> job, Object... args);

    /** Like {@link #enqueueIn}, at a point in time. */
    String enqueueAt(Instant time, Class<?> job, Object... args);

    /** Cancels a delayed job that is not yet due; false when there is no such job (any more). */
    boolean cancel(String jobId);

    /**
     * Sends many jobs at once, in one atomic Redis call; returns their ids in order. For a
     * {@link UniqueJob} whose key is held, the id returned is the held job's.
     */
    List<String> enqueueAll(List<JobRequest> jobs);

    /**
     * The job's status, kept for {@code background-jobs.status-ttl} after its last change; empty for
     * an unknown or expired id.
     */
    Optional<JobStatus> status(String jobId);
}
