package dev.backgroundjobs.event;

import java.util.List;

/**
 * A job that will not run again: its last attempt failed, or its payload cannot run at all (unknown
 * job name, unreadable JSON, arguments that do not fit). Its record is in Resque's failed list,
 * from where {@link dev.backgroundjobs.FailedJobs} can still retry it by hand.
 *
 * @param jobId the job's id, or null for a payload written without one
 * @param jobName the job's name
 * @param queue the queue it was taken from
 * @param arguments the bound arguments, empty when they could not be bound
 * @param attempts the runs made, the first included
 * @param failure the exception of the last run, or why the payload could not run
 */
public record JobDead(String jobId, String jobName, String queue, List<Object> arguments, int attempts,
        Throwable failure) implements JobEvent {
}
