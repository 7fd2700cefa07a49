package dev.backgroundjobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One job to send with {@link JobQueue#enqueue(JobRequest)} or {@link JobQueue#enqueueAll(List)}:
 * a job class of this application or a job name, its arguments, and optionally another queue and when
 * to run. Immutable: each option returns a new request.
 *
 * <pre>{@code
 * JobRequest.of(RefreshCache.class, userId)                          // to its own queue, now
 * JobRequest.of(RefreshCache.class, userId).toQueue("low")           // to another queue
 * JobRequest.of(SendReminder.class, userId).in(Duration.ofHours(1))  // later
 * JobRequest.named("Mail_Welcome", Map.of("user", 42)).toQueue("php-mail")  // for a PHP or Ruby worker
 * }</pre>
 */
public final class JobRequest {

    private final Class<?> jobClass;
    private final String jobName;
    private final String queue;
    private final List<Object> args;
    private final Instant runAt;
    private final Duration delay;
    private final Instant expiresAt;
    private final Duration expiresIn;

    private JobRequest(Class<?> jobClass, String jobName, String queue, List<Object> args, Instant runAt,
            Duration delay) {
        this(jobClass, jobName, queue, args, runAt, delay, null, null);
    }

    private JobRequest(Class<?> jobClass, String jobName, String queue, List<Object> args, Instant runAt,
            Duration delay, Instant expiresAt, Duration expiresIn) {
        this.jobClass = jobClass;
        this.jobName = jobName;
        this.queue = queue;
        this.args = args;
        this.runAt = runAt;
        this.delay = delay;
        this.expiresAt = expiresAt;
        this.expiresIn = expiresIn;
    }

    /**
     * A job of this application, to the queue its {@link BackgroundJob#queue()} names unless
     * {@link #toQueue} says otherwise.
     *
     * @param job a {@link BackgroundJob} class
     * @param args the arguments of its {@code perform}, in order; null is a legal reference argument
     * @return the request
     */
    public static JobRequest of(Class<?> job, Object... args) {
        Objects.requireNonNull(job, "job");
        return new JobRequest(job, null, null, argumentList(args), null, null);
    }

    /**
     * A job by its Resque {@code class} name, for workers in other languages (Ruby or PHP Resque,
     * node-resque, Jesque); it needs {@link #toQueue} unless the name is one of this application's
     * jobs, whose arguments are then checked as for {@link #of}.
     *
     * @param jobName the payload's {@code class}
     * @param args the job's arguments, written with JSON-B
     * @return the request
     */
    public static JobRequest named(String jobName, Object... args) {
        Objects.requireNonNull(jobName, "jobName");
        return new JobRequest(null, jobName, null, argumentList(args), null, null);
    }

    /**
     * The same job, sent to another queue than its job's own.
     *
     * @param queue the queue's name
     * @return a new request
     */
    public JobRequest toQueue(String queue) {
        Objects.requireNonNull(queue, "queue");
        return new JobRequest(jobClass, jobName, queue, args, runAt, delay, expiresAt, expiresIn);
    }

    /**
     * The same job, to run once {@code delay} has passed from when it is enqueued, stored as
     * resque-scheduler stores delayed jobs (to the second). Replaces an earlier {@link #at}.
     *
     * @param delay how long to wait, zero or more
     * @return a new request
     */
    public JobRequest in(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the delay " + delay + " is negative");
        }
        return new JobRequest(jobClass, jobName, queue, args, null, delay, expiresAt, expiresIn);
    }

    /**
     * The same job, to run at {@code time} (at once if it has passed), stored as resque-scheduler
     * stores delayed jobs (to the second). Replaces an earlier {@link #in}.
     *
     * @param time when to run
     * @return a new request
     */
    public JobRequest at(Instant time) {
        Objects.requireNonNull(time, "time");
        return new JobRequest(jobClass, jobName, queue, args, time, null, expiresAt, expiresIn);
    }

    /**
     * The same job, discarded unstarted if no worker has taken it by {@code deadline}: the worker that
     * takes it later judges the deadline by Redis's clock, runs nothing and records the status
     * {@link JobState#EXPIRED}. Only the first run has a deadline; a retry of a job that started runs as
     * usual. Replaces an earlier {@link #expiresIn}.
     *
     * @param deadline the latest time the job may start
     * @return a new request
     */
    public JobRequest expiresAt(Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        return new JobRequest(jobClass, jobName, queue, args, runAt, delay, deadline, null);
    }

    /**
     * The same job, with a deadline {@code within} after it is enqueued (counted by Redis's clock, as
     * this server last saw it), as {@link #expiresAt}. Replaces an earlier {@link #expiresAt}.
     *
     * @param within how long the job may wait to start, more than zero
     * @return a new request
     */
    public JobRequest expiresIn(Duration within) {
        Objects.requireNonNull(within, "within");
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("the expiry " + within + " is not positive");
        }
        return new JobRequest(jobClass, jobName, queue, args, runAt, delay, null, within);
    }

    /**
     * The job's deadline to start.
     *
     * @param now when it is enqueued by Redis's clock, which {@link #expiresIn} counts from
     * @return the deadline, or null for none
     */
    public Instant deadline(Instant now) {
        return expiresIn != null ? now.plus(expiresIn) : expiresAt;
    }

    /**
     * The job class.
     *
     * @return the class, or null for a request by name
     */
    public Class<?> jobClass() {
        return jobClass;
    }

    /**
     * The job name.
     *
     * @return the name, or null for a request by class
     */
    public String jobName() {
        return jobName;
    }

    /**
     * The queue {@link #toQueue} named.
     *
     * @return the queue, or null for the job's own
     */
    public String queue() {
        return queue;
    }

    /**
     * The arguments.
     *
     * @return a copy of them
     */
    public Object[] args() {
        return args.toArray();
    }

    /**
     * When the job is to run.
     *
     * @param now when it is enqueued, which a delay counts from
     * @return the time, or null to run at once
     */
    public Instant runAt(Instant now) {
        return delay != null ? now.plus(delay) : runAt;
    }

    private static List<Object> argumentList(Object[] args) {
        // Arrays.asList keeps nulls, which are legal arguments for reference parameters.
        return args == null ? List.of() : Arrays.asList(args.clone());
    }

    @Override
    public String toString() {
        return "JobRequest[" + (jobClass != null ? jobClass.getName() : jobName)
                + (queue != null ? " to " + queue : "")
                + (delay != null ? " in " + delay : runAt != null ? " at " + runAt : "")
                + (expiresIn != null ? " expiring in " + expiresIn : expiresAt != null ? " expiring at " + expiresAt : "")
                + ", " + args.size() + " args]";
    }
}
