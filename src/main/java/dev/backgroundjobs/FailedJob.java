package dev.backgroundjobs;

import java.util.List;

/**
 * One record of Resque's failed list. {@code index} is its position when it was read and
 * {@code record} its exact text: acting on it checks both, so a list that changed meanwhile is never
 * acted on at the wrong place. {@code jobId} is null for payloads without one.
 *
 * @param index the record's position in the failed list when it was read, 0 the oldest
 * @param jobId the job's id, or null when its producer wrote none (Ruby Resque)
 * @param jobName the payload's {@code class} string
 * @param queue the queue the job came from, where a retry sends it back
 * @param exception the class name of the exception that ended the last run
 * @param error the exception's message
 * @param backtrace the stack trace, one frame a line, as Resque writes it
 * @param failedAt when it failed, as its writer wrote it (Ruby, PHP 1.x or ISO-8601 layout)
 * @param worker the id of the worker that ran it
 * @param attempts the runs made, 1 where the writer did not count them
 * @param record the record's exact JSON text, which identifies it when it is retried or deleted
 */
public record FailedJob(long index, String jobId, String jobName, String queue, String exception, String error,
        List<String> backtrace, String failedAt, String worker, int attempts, String record) {

    /**
     * Makes a record; the backtrace is copied, so the record cannot change once made.
     *
     * @param index see {@link #index()}
     * @param jobId see {@link #jobId()}
     * @param jobName see {@link #jobName()}
     * @param queue see {@link #queue()}
     * @param exception see {@link #exception()}
     * @param error see {@link #error()}
     * @param backtrace see {@link #backtrace()}
     * @param failedAt see {@link #failedAt()}
     * @param worker see {@link #worker()}
     * @param attempts see {@link #attempts()}
     * @param record see {@link #record()}
     */
    public FailedJob {
        backtrace = List.copyOf(backtrace);
    }
}
