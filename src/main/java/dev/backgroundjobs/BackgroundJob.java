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

    /** The job's name, written as the Resque {@code class} string; defaults to the simple class name. */
    String name() default "";

    /** The queue that {@link JobQueue#enqueue(Class, Object...)} sends this job to. */
    String queue() default "default";

    /**
     * How many times the job runs at most before it goes to the failed list, the first run included;
     * 0 takes {@code background-jobs.retry.max-attempts}. Configuration key
     * {@code background-jobs.job.NAME.max-attempts} overrides it.
     */
    int maxAttempts() default 0;

    /**
     * The delay before the first retry, doubled for each further one, with jitter (for example
     * {@code "10s"}); empty takes {@code background-jobs.retry.backoff}.
     */
    String backoff() default "";

    /** Exceptions (and their subclasses) that fail the job at once, without retries. */
    Class<? extends Throwable>[] noRetryOn() default {};

    /** When not empty, only these exceptions (and their subclasses) are retried. */
    Class<? extends Throwable>[] retryOn() default {};

    /**
     * How long one run may take (for example {@code "30s"}); the run is then interrupted and counts
     * as failed. Empty means no limit.
     */
    String timeout() default "";
}
