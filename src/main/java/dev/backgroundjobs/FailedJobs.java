package dev.backgroundjobs;

import java.util.List;

/**
 * The jobs that failed for good, in Resque's failed list (the one resque-web shows). Injectable and
 * application scoped. Retrying puts the job's payload back on its queue, as resque-web does, with a
 * fresh count of attempts, and removes the record.
 */
public interface FailedJobs {

    /**
     * Counts the failed list, as {@code LLEN failed}; it includes records that other Resque
     * implementations wrote.
     *
     * @return how many records the failed list holds
     */
    long count();

    /**
     * Reads one page of the failed list. Records that are not JSON are listed too, with what could be
     * read of them, so they can be deleted.
     *
     * @param offset the position of the first record, 0 the oldest
     * @param limit the most records to return, at least 1
     * @return up to {@code limit} records from position {@code offset}, oldest first
     * @throws IllegalArgumentException when {@code offset} is negative or {@code limit} below 1
     */
    List<FailedJob> list(long offset, int limit);

    /**
     * Puts the job's payload back at the tail of the queue its record names, without the attempt
     * count and failure times of its earlier runs, and removes the record, in one atomic call.
     *
     * @param job a record as {@link #list(long, int)} returned it
     * @return true when the payload was put back on its queue and the record removed; false when the
     *         list changed since the record was read and nothing was done
     *
     * @throws IllegalArgumentException when the record cannot be retried: it is not a JSON object, names
     *         no queue, or its payload is not a job; the message ({@code BGJ0034E}) says which
     */
    boolean retry(FailedJob job);

    /**
     * Retries every record as {@link #retry(FailedJob)} does. A record that cannot be retried is
     * skipped and stays in the list, so it can be seen and deleted.
     *
     * @return how many jobs were put back on their queues
     */
    int retryAll();

    /**
     * Removes one record, matched by its position and exact text.
     *
     * @param job a record as {@link #list(long, int)} returned it
     * @return true when it was removed; false when the list changed since it was read and nothing was done
     */
    boolean delete(FailedJob job);

    /** Deletes every record of the failed list, including those other Resque implementations wrote. */
    void clear();
}
