package dev.backgroundjobs.event;

import java.util.List;

/**
 * Something that happened to a job, fired as a CDI event the application can observe
 * ({@code @Observes JobFailed} or {@code @ObservesAsync}). Worker events are fired on the worker's
 * thread after Redis recorded the change; an observer that throws is logged and the job carries on.
 * A failed run fires {@link JobFailed}, then {@link JobRetried} or {@link JobDead}; a run asked to stop
 * fires {@link JobCancelled} alone.
 * {@link JobEnqueued} is fired on the sending thread once Redis took the job, so a quick worker's
 * {@link JobStarted} may be observed before it: events of different threads have no order.
 *
 * <p>{@code jobId} is null for a payload its producer wrote without one (Ruby Resque);
 * {@code arguments} are the values bound to {@code perform}'s parameters, empty when they could not be bound.
 */
public sealed interface JobEvent permits JobEnqueued, JobStarted, JobSucceeded, JobFailed, JobRetried, JobDead,
        JobCancelled {

    /**
     * The id the job was sent with, which {@code JobQueue.status} and the failed list know it by.
     *
     * @return the job's id, or null for a payload written without one
     */
    String jobId();

    /**
     * The payload's {@code class} string.
     *
     * @return the job's name, as {@code @BackgroundJob(name)} declares it or a producer wrote it
     */
    String jobName();

    /**
     * The queue the job was sent to or taken from.
     *
     * @return the queue's name, without the namespace prefix
     */
    String queue();

    /**
     * The job's arguments as {@code perform} receives them; unmodifiable.
     *
     * @return the bound arguments, empty when the payload's could not be bound
     */
    List<Object> arguments();
}
