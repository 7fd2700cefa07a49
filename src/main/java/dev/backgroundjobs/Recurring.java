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

    /**
     * When the job runs. A bad expression fails the deployment, naming the job.
     *
     * @return Unix cron (5 fields) or cron with seconds first (6 fields), for example
     *         {@code "0 30 3 * * *"} for 03:30:00 every day
     */
    String cron();

    /**
     * The time zone the expression is read in, so that {@code "0 3 * * *"} in {@code Europe/Paris}
     * stays at 03:00 local time across daylight-saving changes.
     *
     * @return a zone id such as {@code "UTC"} or {@code "Europe/Paris"}
     */
    String zone() default "UTC";

    /**
     * The arguments of each run, checked against {@code perform}'s parameters at deployment.
     *
     * @return a JSON array, for example <code>"[30, \"daily\"]"</code>
     */
    String args() default "[]";

    /**
     * What to do with scheduled times that passed while no server ran. A schedule seen for the first
     * time never catches up.
     *
     * @return {@link Missed#RUN_ONCE} (the default) or {@link Missed#SKIP}
     */
    Missed missed() default Missed.RUN_ONCE;

    /** What to do with scheduled times that passed while no server ran. */
    enum Missed {
        /** Run once for all of them, at once. */
        RUN_ONCE,
        /** Skip them and wait for the next time. */
        SKIP
    }
}
