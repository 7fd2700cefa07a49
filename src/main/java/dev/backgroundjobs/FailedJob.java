package dev.backgroundjobs;

import java.util.List;

/**
 * One record of Resque's failed list. {@code index} is its position when it was read and
 * {@code record} its exact text: acting on it checks both, so a list that changed meanwhile is never
 * acted on at the wrong place. {@code jobId} is null for payloads without one.
 */
public record FailedJob(long index, String jobId, String jobName, String queue, String exception, String error,
        List<String> backtrace, String failedAt, String worker, int attempts, String record) {

    public FailedJob {
        backtrace = List.copyOf(backtrace);
    }
}
