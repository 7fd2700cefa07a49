package dev.backgroundjobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code @BackgroundJob} unique for a key taken from its arguments: while a job with the same
 * key is held, enqueueing another returns the held job's id and sends nothing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UniqueJob {

    /**
     * The arguments that make two jobs the same. Needs the class compiled with {@code -parameters};
     * a name that is not a parameter fails the deployment.
     *
     * @return the names of the {@code perform} parameters that form the key; empty means all of them
     */
    String[] key() default {};

    /**
     * Until when a job holds its key, so that a second one is not sent.
     *
     * @return {@link Until#STARTED} (the default) or {@link Until#FINISHED}
     */
    Until until() default Until.STARTED;

    /**
     * The longest the key is held, so a job whose worker died cannot block its key forever (for
     * example {@code "1h"}).
     *
     * @return a duration such as {@code "30m"}, {@code "1h"} or {@code "PT1H"}
     */
    String expireAfter() default "1h";

    /** Until when a unique job's key is held. */
    enum Until {
        /** Until a worker starts the job: a change after that start queues a new run. */
        STARTED,
        /** Until the job succeeds or fails for good. */
        FINISHED
    }
}
