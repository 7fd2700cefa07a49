package dev.backgroundjobs;

import java.time.Instant;
import java.util.Optional;

/**
 * The run a job's {@code perform} is in: inject it ({@code @Inject JobContext context;}) into a
 * {@link BackgroundJob} bean, or into any bean that {@code perform} calls, and use it while
 * {@code perform} runs, on the thread that runs it. Every method throws {@link IllegalStateException}
 * outside a run.
 *
 * <pre>{@code
 * @BackgroundJob(queue = "reports")
 * public class BuildReport {
 *     @Inject JobContext context;
 *
 *     public void perform(long reportId) {
 *         for (int page = 1; page <= 10 && !context.cancelRequested(); page++) {
 *             render(reportId, page);
 *             context.reportProgress(page * 10, "page " + page + " of 10");
 *         }
 *     }
 * }
 * }</pre>
 */
public interface JobContext {

    /**
     * The job's id, as {@link JobQueue} returned it; null for a job whose producer wrote no id (Ruby
     * Resque does not), which then has no status, progress or cancellation either.
     *
     * @return the job id, or null
     */
    String jobId();

    /**
     * The job's name.
     *
     * @return its {@link BackgroundJob#name()}, the Resque {@code class} of its payload
     */
    String jobName();

    /**
     * The queue the job was taken from.
     *
     * @return the queue's name
     */
    String queue();

    /**
     * Which run of the job this is.
     *
     * @return the attempt, counting from 1; a retry's is one more than the run that failed
     */
    int attempt();

    /**
     * How many runs the job may have in all, retries included ({@code background-jobs.retry.max-attempts}
     * or the job's own setting); the run whose {@link #attempt()} equals it is the last one.
     *
     * @return the attempts allowed, at least 1
     */
    int maxAttempts();

    /**
     * When the job was first enqueued, to the second, from its payload's {@code queue_time}.
     *
     * @return the time, or empty when its producer wrote none
     */
    Optional<Instant> enqueuedAt();

    /**
     * Records how far the run has got, shown by {@link JobQueue#status} until the job's status
     * expires. Each call replaces the previous report; it costs one Redis call, so report at a human
     * pace (a few times a second at most), not per item of a tight loop. Nothing is kept for a job
     * without an id.
     *
     * @param percent from 0 to 100
     * @param message what is being done, at most 1,000 characters; may be null
     * @throws IllegalArgumentException when {@code percent} or {@code message} is out of bounds
     */
    void reportProgress(int percent, String message);

    /**
     * Whether {@link JobQueue#cancel} was called for this job while it runs. Cancelling is cooperative
     * first: the job decides where it can stop, and returns (or throws). A run that has not ended
     * {@code background-jobs.cancel-grace} after the server saw the request has its thread interrupted.
     * Either way, a run that ends after the request was seen (here or by the server, which looks twice a
     * second) is recorded as {@link JobState#CANCELLED}: not failed, not retried. Asks Redis at most
     * twice a second, so it may be called in a loop.
     *
     * @return true once a cancel was requested; always false for a job without an id
     */
    boolean cancelRequested();
}
