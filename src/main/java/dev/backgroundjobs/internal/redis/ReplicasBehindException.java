package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobEnqueueException;

/**
 * An enqueue that the master took but too few replicas acknowledged in time
 * ({@code background-jobs.redis.wait-replicas}): the jobs are queued, and a failover now may lose them.
 * Unlike other {@link JobEnqueueException}s, sending them again queues them twice.
 */
public class ReplicasBehindException extends JobEnqueueException {

    private static final long serialVersionUID = 1L;

    public ReplicasBehindException(String message) {
        super(message, null);
    }
}
