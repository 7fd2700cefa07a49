package dev.backgroundjobs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs sent together as one batch with {@link JobQueue#enqueueBatch}, with callbacks: jobs queued
 * once every job of the batch has ended. Immutable: each option returns a new batch with the same id.
 *
 * <pre>{@code
 * JobBatch batch = JobBatch.of(users.stream().map(u -> JobRequest.of(SendNewsletter.class, u.id())).toList());
 * jobs.enqueueBatch(batch.onSuccess(JobRequest.of(ReportSent.class, batch.id()))
 *                        .onComplete(JobRequest.of(CloseCampaign.class, batch.id())));
 * jobs.batchStatus(batch.id());   // total, pending, succeeded, failed, dead
 * }</pre>
 *
 * <p>The jobs and callbacks run now (no {@link JobRequest#in}/{@link JobRequest#at}) and are not
 * {@link UniqueJob}s: a batch that waited for a job its unique key kept out would never complete.
 * Each callback is queued exactly once, by the end of the batch's last job, on whichever server it ends.
 */
public final class JobBatch {

    private final String id;
    private final List<JobRequest> jobs;
    private final JobRequest onSuccess;
    private final JobRequest onComplete;

    private JobBatch(String id, List<JobRequest> jobs, JobRequest onSuccess, JobRequest onComplete) {
        this.id = id;
        this.jobs = jobs;
        this.onSuccess = onSuccess;
        this.onComplete = onComplete;
    }

    /**
     * A batch of these jobs, with a new id and no callbacks.
     *
     * @param jobs one or more jobs
     * @return the batch
     * @throws IllegalArgumentException when {@code jobs} is empty
     */
    public static JobBatch of(List<JobRequest> jobs) {
        Objects.requireNonNull(jobs, "jobs");
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one job");
        }
        jobs.forEach(job -> Objects.requireNonNull(job, "a job of the batch"));
        return new JobBatch(UUID.randomUUID().toString().replace("-", ""), List.copyOf(jobs), null, null);
    }

    /**
     * The same batch, queueing {@code callback} once every job has succeeded; not at all when a job is
     * dead. Replaces an earlier success callback.
     *
     * @param callback the job to queue
     * @return a new batch with the same id
     */
    public JobBatch onSuccess(JobRequest callback) {
        return new JobBatch(id, jobs, Objects.requireNonNull(callback, "callback"), onComplete);
    }

    /**
     * The same batch, queueing {@code callback} once every job has ended, succeeded or dead. Replaces
     * an earlier complete callback.
     *
     * @param callback the job to queue
     * @return a new batch with the same id
     */
    public JobBatch onComplete(JobRequest callback) {
        return new JobBatch(id, jobs, onSuccess, Objects.requireNonNull(callback, "callback"));
    }

    /**
     * The batch's id: 32 hex digits, the same for every batch made from this one by its options.
     * A batch is sent once: sending one with the same id again is refused.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The jobs.
     *
     * @return them, unmodifiable
     */
    public List<JobRequest> jobs() {
        return jobs;
    }

    /**
     * The success callback.
     *
     * @return the callback, or empty for none
     */
    public Optional<JobRequest> successCallback() {
        return Optional.ofNullable(onSuccess);
    }

    /**
     * The complete callback.
     *
     * @return the callback, or empty for none
     */
    public Optional<JobRequest> completeCallback() {
        return Optional.ofNullable(onComplete);
    }

    @Override
    public String toString() {
        return "JobBatch[" + id + ", " + jobs.size() + " jobs" + (onSuccess != null ? ", on success " + onSuccess : "")
                + (onComplete != null ? ", on complete " + onComplete : "") + "]";
    }
}
