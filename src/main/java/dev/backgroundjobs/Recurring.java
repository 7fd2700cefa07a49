package dev.backgroundjobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@code @BackgroundJob} on a cron schedule. Each scheduled time fires once across all servers
 * sharing the Redis namespace. Configuration keys {@code background-jobs.recurring.NAME.cron},
 * {@code .zone}, {@code .args} and {@code .missed} (NAME is the job name) override the attributes, and
 * can declare a schedule for a job without this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Recurring {

    /** Unix cron (5 fields) or with seconds first (6 fields), e.g. {@code "0 0 3 * * *"}. */
    String cron();

    /** The time zone the expression is read in. */
    String zone() default "UTC";

    /** The arguments of each run, as a JSON array bound to {@code perform}'s parameters. */
    String args() default "[]";

    /** What to do with scheduled times that passed while no server ran. */
    Missed missed() default Missed.RUN_ONCE;

    /** What to do with scheduled times that passed while no server ran. */
    enum Missed {
        /** Run once for all of them, at once. */
        RUN_ONCE,
        /** Skip them and wait for the next time. */
        SKIP
    }
}
