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
}
