package dev.backgroundjobs;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One job for {@link JobQueue#enqueueAll(List)}: either a job class (whose annotation names the
 * queue unless {@link #toQueue(String)} says otherwise) or a job name with an explicit queue.
 */
public final class JobRequest {

    private final Class<?> jobClass;
    private final String jobName;
    private final String queue;
    private final List<Object> args;
    private final Instant runAt;

    private JobRequest(Class<?> jobClass, String jobName, String queue, List<Object> args, Instant runAt) {
        this.jobClass = jobClass;
        this.jobName = jobName;
        this.queue = queue;
        this.args = args;
        this.runAt = runAt;
    }

    public static JobRequest of(Class<?> job, Object... args) {
        Objects.requireNonNull(job, "job");
        return new JobRequest(job, null, null, argumentList(args), null);
    }

    public static JobRequest named(String queue, String jobName, Object... args) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(jobName, "jobName");
        return new JobRequest(null, jobName, queue, argumentList(args), null);
    }

    /** The same job, sent to another queue. */
    public JobRequest toQueue(String otherQueue) {
        Objects.requireNonNull(otherQueue, "queue");
        return new JobRequest(jobClass, jobName, otherQueue, args, runAt);
    }

    /** The same job, to run at the given time (stored as a resque-scheduler delayed job). */
    public JobRequest at(Instant time) {
        Objects.requireNonNull(time, "time");
        return new JobRequest(jobClass, jobName, queue, args, time);
    }

    /** When the job is to run, or null for now. */
    public Instant runAt() {
        return runAt;
    }

    /** The job class, or null for a request by name. */
    public Class<?> jobClass() {
        return jobClass;
    }

    /** The job name, or null for a request by class. */
    public String jobName() {
        return jobName;
    }

    /** The explicit queue, or null to use the job's default queue. */
    public String queue() {
        return queue;
    }

    public Object[] args() {
        return args.toArray();
    }

    private static List<Object> argumentList(Object[] args) {
        // Arrays.asList keeps nulls, which are legal arguments for reference parameters.
        return args == null ? List.of() : Arrays.asList(args.clone());
    }

    @Override
    public String toString() {
        return "JobRequest[" + (jobClass != null ? jobClass.getName() : jobName)
                + (queue != null ? " to " + queue : "") + ", " + args.size() + " args]";
    }
}
