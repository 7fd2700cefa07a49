package dev.backgroundjobs;

import java.util.List;

/**
 * The jobs that failed for good, in Resque's failed list (the one resque-web shows). Injectable and
 * application scoped. Retrying puts the job's payload back on its queue, as resque-web does, with a
 * fresh count of attempts, and removes the record.
 */
public interface FailedJobs {

    long count();

    /** Up to {@code limit} records from position {@code offset}, oldest first. */
    List<FailedJob> list(long offset, int limit);

    /**
     * Requeues the job; false when the record is no longer where it was read.
     *
     * @throws IllegalArgumentException when the record cannot be retried: it is not a JSON object, names
     *         no queue, or its payload is not a job; the message says which
     */
    boolean retry(FailedJob job);

    /** Requeues every failed job that can be retried, skipping those that cannot; returns how many. */
    int retryAll();

    /** Deletes the record; false when it is no longer where it was read. */
    boolean delete(FailedJob job);

    /** Deletes every record. */
    void clear();
}
