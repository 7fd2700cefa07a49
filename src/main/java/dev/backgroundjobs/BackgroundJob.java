package dev.backgroundjobs;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Stereotype;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a CDI bean as a background job. The bean declares exactly one public method named
 * {@code perform}; its parameters are the job's arguments, bound positionally from the Resque
 * {@code args} array with JSON-B.
 *
 * <p>This is a stereotype with the default scope {@link Dependent}, so the annotation alone makes a
 * class a bean under annotated discovery, and every job run gets a fresh instance that is destroyed
 * when {@code perform} returns. Declare another scope on the class to share instances.
 */
@Stereotype
@Dependent
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BackgroundJob {

    /**
     * The job's name, written as the Resque {@code class} string of its payloads. Workers look the
     * name up among the jobs of the deployment, so a Ruby or PHP producer sends this job by it; two
     * jobs of one deployment may not share it.
     *
     * @return the name; empty (the default) takes the class's simple name
     */
    String name() default "";

    /**
     * The queue that {@link JobQueue#enqueue(Class, Object...)} sends this job to; a pool must list
     * it (or {@code *}) for the job to run. No white space, {@code ,}, {@code :} or {@code *}.
     *
     * @return the default queue of the job
     */
    String queue() default "default";

    /**
     * How many times the job runs at most before it goes to the failed list, the first run included;
     * 0 takes {@code background-jobs.retry.max-attempts}. Configuration key
     * {@code background-jobs.job.NAME.max-attempts} overrides it.
     *
     * @return the most runs of one job, at least 1, or 0 for the configured default
     */
    int maxAttempts() default 0;

    /**
     * The delay before the first retry, doubled for each further one, with jitter (for example
     * {@code "10s"}); empty takes {@code background-jobs.retry.backoff}. No delay grows past
     * {@code background-jobs.retry.max-backoff}.
     *
     * @return a duration such as {@code "500ms"}, {@code "30s"}, {@code "2m"} or {@code "PT1H"}, or empty
     */
    String backoff() default "";

    /**
     * Exceptions that are not worth a retry (bad input, say): a run that throws one of them, or a
     * subclass, sends the job to the failed list at once, whatever attempts are left.
     *
     * @return the exception classes that are never retried; this list wins over {@link #retryOn()}
     */
    Class<? extends Throwable>[] noRetryOn() default {};

    /**
     * Restricts retries to the given exceptions and their subclasses; any other exception sends the
     * job to the failed list at once.
     *
     * @return the only exception classes that are retried, or empty (the default) to retry any
     */
    Class<? extends Throwable>[] retryOn() default {};

    /**
     * How long one run may take (for example {@code "30s"}); the run is then interrupted and counts
     * as failed (and is retried as its policy says). A job that ignores the interrupt keeps its
     * worker busy until it ends; liveness lists it as stuck meanwhile.
     *
     * @return a duration such as {@code "30s"} or {@code "PT2M"}, or empty (the default) for no limit
     */
    String timeout() default "";

    /**
     * Whether the job keeps a status in Redis after it ends, for {@link JobQueue#status(String)}, the
     * dashboard and PHP-Resque's status readers: queued, scheduled and retrying too, and the last one
     * ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}) for {@code background-jobs.status-ttl} after
     * it. Each tracked job holds about 260 bytes of Redis memory for that long, so tracking every job
     * of a busy system grows Redis memory with its rate. An untracked job has a status only while it
     * runs; its failures are in the failed list either way. {@code background-jobs.track-status} can
     * turn tracking on for more jobs ({@code all}, or names), never off.
     *
     * @return true to keep this job's status; false (the default) leaves it to the configuration
     */
    boolean trackStatus() default false;
}
