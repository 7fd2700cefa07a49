package dev.backgroundjobs;

import java.util.List;
import java.util.Optional;

/**
 * Sends jobs to their Redis queues in the Resque format. Inject it ({@code @Inject JobQueue jobs;});
 * it is application scoped and safe for any thread.
 *
 * <p>The short form covers the common case; a {@link JobRequest} says everything else (another
 * queue, a delay or a time, a job run by workers in another language):
 * <pre>{@code
 * jobs.enqueue(SendWelcomeMail.class, user.id());
 * jobs.enqueue(JobRequest.of(SendWelcomeMail.class, user.id()).toQueue("urgent-mail").in(Duration.ofMinutes(5)));
 * jobs.enqueue(JobRequest.named("Mail_Welcome", Map.of("user", 42)).toQueue("php-mail"));
 * }</pre>
 *
 * <p>Inside an active JTA transaction jobs are held and sent after the transaction commits, and
 * dropped if it rolls back; outside a transaction they are sent at once and a Redis failure throws
 * {@link JobEnqueueException}. Either way every method returns the job ids at once.
 */
public interface JobQueue {

    /**
     * Sends a job to the queue named by its {@link BackgroundJob#queue()}, to run now; the same as
     * {@code enqueue(JobRequest.of(job, args))}.
     *
     * @param job a {@link BackgroundJob} class of this application
     * @param args the arguments of its {@code perform}, in order
     * @return the job's id
     * @throws InvalidJobArgumentsException if the arguments do not fit the job's {@code perform}
     * @throws IllegalArgumentException if {@code job} is not a deployed {@link BackgroundJob}
     */
    String enqueue(Class<?> job, Object... args);

    /**
     * Sends the job a request describes.
     *
     * @param request the job, its arguments and options
     * @return the job's id; for a {@link UniqueJob} whose key is held, the id of the job holding it
     * @throws InvalidJobArgumentsException if the arguments do not fit the job's {@code perform}
     * @throws IllegalArgumentException if the request names no deployed job and no queue, or an invalid queue
     */
    String enqueue(JobRequest request);

    /**
     * Sends many jobs in one atomic Redis call: all of them or, when any request is invalid, none.
     *
     * @param requests the jobs, each with its arguments and options
     * @return the jobs' ids, in the order of the requests; for a {@link UniqueJob} whose key is held,
     *         the id of the job holding it
     * @throws InvalidJobArgumentsException if the arguments of any request do not fit its job's {@code perform}
     */
    List<String> enqueueAll(List<JobRequest> requests);

    /**
     * Cancels a job, tracked or not, and gives it the status {@link JobState#CANCELLED} (kept for
     * {@code background-jobs.status-ttl}): a delayed job not yet due is taken off the schedule; a queued
     * job is taken off its queue, or, when it is further down than a cancel looks (the first 10,000
     * queued jobs) and its status is tracked, marked so that the worker that takes it discards it; a
     * running job is asked to stop ({@link JobContext#cancelRequested()}) and interrupted after
     * {@code background-jobs.cancel-grace}. Cancelled jobs are neither failed nor retried.
     *
     * @param jobId the id {@code enqueue} returned
     * @return false, having changed nothing, when the job was found nowhere: it ended, expired, is
     *         unknown, or is untracked and further down its queue than a cancel looks
     */
    boolean cancel(String jobId);

    /**
     * The job's status, with the progress its run reported. A job whose status is tracked
     * ({@link BackgroundJob#trackStatus()}, or named by {@code background-jobs.track-status}) has one from
     * its enqueue until {@code background-jobs.status-ttl} after its last change; any other job only
     * while it runs ({@link JobState#RUNNING}), so that ended jobs cost Redis no memory.
     *
     * @param jobId the id {@code enqueue} returned
     * @return empty for an id that is unknown, expired, or of an untracked job that is not running
     */
    Optional<JobStatus> status(String jobId);

    /**
     * Sends a batch: its record and all its jobs in one atomic Redis call (inside a JTA transaction,
     * after the commit, like any job). Its callbacks are queued once, when its last job ends.
     *
     * @param batch the jobs and callbacks
     * @return the batch's id ({@link JobBatch#id()})
     * @throws InvalidJobArgumentsException if the arguments of any job or callback do not fit its {@code perform}
     * @throws IllegalArgumentException if a job or callback is delayed or a {@link UniqueJob}, or names no deployed job and no queue
     * @throws IllegalStateException inside a transaction while the transactional outbox is on, which
     *         relays jobs one by one and so cannot send a batch as one
     */
    String enqueueBatch(JobBatch batch);

    /**
     * Where a batch stands. Its record is kept while jobs are pending and for
     * {@code background-jobs.status-ttl} after it completes.
     *
     * @param batchId the id {@link #enqueueBatch} returned
     * @return empty for an id that is unknown or whose record has expired
     */
    Optional<BatchStatus> batchStatus(String batchId);

    /**
     * Sends the first step of a chain, carrying the others: each is queued when the one before it
     * succeeds, in the same atomic call that records that end, with its result as last argument.
     *
     * @param chain the steps
     * @return the steps' job ids, first to last
     * @throws InvalidJobArgumentsException if the arguments of a step do not fit its {@code perform}
     * @throws IllegalArgumentException if a step is not a deployed job, a later step is delayed or
     *         unique, or a step's result cannot be its next step's last argument
     */
    List<String> enqueueChain(JobChain chain);
}
