package dev.backgroundjobs.internal.redis;

/**
 * The Redis keys the Java side names directly. The Lua scripts build the other keys of the namespace
 * from the same prefix, each listing them at its top: Resque's keys keep Resque's names and types, and
 * the module's own keys live under {@code bgj:}.
 */
public final class Keys {

    private final String prefix;

    public Keys(String namespace) {
        this.prefix = namespace + ":";
    }

    public String prefix() {
        return prefix;
    }

    public String queues() {
        return prefix + "queues";
    }

    /** PHP-Resque's status key of a job; PHP producers may set a status prefix in the payload. */
    public String status(String jobId, String statusPrefix) {
        return prefix + "job:" + (statusPrefix == null || statusPrefix.isEmpty() ? "" : statusPrefix + "_") + jobId
                + ":status";
    }

    /** The jobs the outbox sent whose rows may still exist, by when they were sent (enqueue.lua writes it). */
    public String outboxSent() {
        return prefix + "bgj:outbox:sent";
    }

    public String failed() {
        return prefix + "failed";
    }

    /** Retries waiting for their time, scored by when they are due (epoch milliseconds). */
    public String retries() {
        return prefix + "bgj:retry";
    }

    /** The key a unique job holds while it is queued (or running), named by job and argument digest. */
    public String unique(String jobName, String argumentsDigest) {
        return prefix + "bgj:unique:" + jobName + ":" + argumentsDigest;
    }

    public String recurring(String name) {
        return prefix + "bgj:recurring:" + name;
    }

    public String heartbeats() {
        return prefix + "workers:heartbeat";
    }

    /** Idle workers of a queue block on this list; every enqueue pushes a token onto it. */
    public String wake(String queue) {
        return prefix + "bgj:wake:" + queue;
    }

    /** The wake list of workers that take from every queue. */
    public String wakeAny() {
        return wake("*");
    }

    /** A server's own wake list, used to end its workers' blocking waits at shutdown. */
    public String wakeServer(String serverId) {
        return prefix + "bgj:wake-server:" + serverId;
    }

    /** The progress a running job last reported, kept as long as its status. */
    public String progress(String jobId) {
        return prefix + "bgj:progress:" + jobId;
    }

    /** Set while a running job is asked to stop. */
    public String cancelRequest(String jobId) {
        return prefix + "bgj:cancel:" + jobId;
    }

    public String queue(String name) {
        return prefix + "queue:" + name;
    }

    public String workers() {
        return prefix + "workers";
    }

    /** Resque's record of what a worker runs now. */
    public String worker(String workerId) {
        return prefix + "worker:" + workerId;
    }

    /** resque-scheduler's schedule: due timestamps (epoch seconds). */
    public String delayedSchedule() {
        return prefix + "delayed_queue_schedule";
    }

    /** resque-scheduler's list of the jobs due at one timestamp. */
    public String delayedAt(String timestamp) {
        return prefix + "delayed:" + timestamp;
    }

    /** Our index of delayed jobs by id (for cancel). */
    public String delayedIndex() {
        return prefix + "bgj:delayed";
    }

    /** Our index of delayed jobs by due time (ids scored in epoch seconds), to find those a peer moved. */
    public String delayedDue() {
        return prefix + "bgj:delayed:due";
    }

    /** The queues paused on every server: queue name -> {"by","at"} (pause.lua writes it, fetch.lua reads it). */
    public String pausedQueues() {
        return prefix + "bgj:pause:queues";
    }

    /** The job names paused on every server: job name -> {"by","at"}. */
    public String pausedJobs() {
        return prefix + "bgj:pause:jobs";
    }

    /** The jobs of a paused name that fetch.lua set aside, oldest first, each as "QUEUE PAYLOAD". */
    public String held(String jobName) {
        return prefix + "bgj:held:" + jobName;
    }

    /** Runs counted in one minute ({@code stat} processed or failed), kept two hours. */
    public String minuteCount(String stat, long epochMinute) {
        return prefix + "bgj:stat:" + stat + ":minute:" + epochMinute;
    }
}
