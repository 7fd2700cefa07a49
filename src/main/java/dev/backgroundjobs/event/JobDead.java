package dev.backgroundjobs.event;

import java.util.List;

/**
 * A job that will not run again: its last attempt failed, or its payload cannot run at all (unknown
 * job name, unreadable JSON, arguments that do not fit). Its record is in Resque's failed list.
 */
public record JobDead(String jobId, String jobName, String queue, List<Object> arguments, int attempts,
        Throwable failure) implements JobEvent {
}
