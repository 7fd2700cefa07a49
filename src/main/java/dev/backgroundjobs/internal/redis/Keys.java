package dev.backgroundjobs.internal.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * Every key name of the namespace that the module can know before it touches the key, and the KEYS of
 * each script call ({@code for...} methods, each in the order its script's header gives). A script names
 * from the namespace prefix (read from its first key, the queues set) only the keys it derives from what
 * it reads, each listing them at its top. Resque's keys keep Resque's names and types, and the module's
 * own keys live under {@code bgj:}. With a hash tag in the namespace ({@code {jobs}}) every name here and
 * every name a script derives is in one Redis Cluster slot.
 */
public final class Keys {

    private final String prefix;

    public Keys(String namespace) {
        this.prefix = namespace + ":";
    }

    public String prefix() {
        return prefix;
    }

    /** promote_retries.lua's keys. */
    public List<String> forPromoteRetries() {
        return List.of(queues(), retries(), failed(), wakeAny());
    }

    /** promote_delayed.lua's keys. */
    public List<String> forPromoteDelayed() {
        return List.of(queues(), delayedSchedule(), delayedIndex(), delayedDue(), failed(), wakeAny(),
                prefix + "resque_scheduler_master_lock", prefix + prefix + "resque_scheduler_master_lock",
                prefix + "resque_scheduler_leader_lock");
    }

    /** cancel_delayed.lua's keys. */
    public List<String> forCancelDelayed() {
        return List.of(queues(), delayedSchedule(), delayedIndex(), delayedDue());
    }

    /** fire_recurring.lua's keys; {@code statusKey} null for an untracked job. */
    public List<String> forFireRecurring(String name, String queue, String statusKey) {
        return withOptional(List.of(queues(), recurring(name), queue(queue), wake(queue), wakeAny()), statusKey);
    }

    /** retry_failed.lua's keys; {@code statusKey} null for none. */
    public List<String> forRetryFailed(String queue, String statusKey) {
        return withOptional(List.of(queues(), failed(), queue(queue), wake(queue), wakeAny()), statusKey);
    }

    /** delete_failed.lua's keys. */
    public List<String> forDeleteFailed() {
        return List.of(failed());
    }

    /** pause.lua's keys. */
    public List<String> forPause(boolean queue) {
        return List.of(queue ? pausedQueues() : pausedJobs());
    }

    /** resume.lua's keys: of a queue, or of a job name. */
    public List<String> forResume(boolean queue, String name) {
        return queue ? List.of(queues(), pausedQueues(), wakeAny(), queue(name), wake(name))
                : List.of(queues(), pausedJobs(), wakeAny(), held(name));
    }

    /** publish_limits.lua's keys. */
    public List<String> forPublishLimits() {
        return List.of(queues(), limits(), limitDue(), wakeAny());
    }

    /** limit_state.lua's keys. */
    public List<String> forLimitState() {
        return List.of(queues(), limits(), limitDue());
    }

    /** The keys of register_worker.lua, unregister_worker.lua and prune_workers.lua, with these workers'. */
    public List<String> forWorkers(List<String> workerIds) {
        List<String> keys = new ArrayList<>(List.of(queues(), workers(), ourWorkers(), heartbeats(), failed(), limits(),
                limitDue(), wakeAny()));
        for (String worker : workerIds) {
            keys.addAll(List.of(worker(worker), workerStarted(worker), inflight(worker), processed(worker),
                    failedRuns(worker), pruned(worker), limitHeld(worker)));
        }
        return keys;
    }

    /** fetch.lua's keys; {@code queues} the pool's queues, empty for a pool of every queue. */
    public List<String> forFetch(String workerId, List<String> queues) {
        List<String> keys = new ArrayList<>(List.of(queues(), pausedQueues(), pausedJobs(), limits(), limitDue(),
                limitTimer(), wakeAny(), inflight(workerId), worker(workerId), limitHeld(workerId)));
        queues.forEach(queue -> keys.add(queue(queue)));
        return keys;
    }

    /** finish.lua's fixed keys, before those it has only sometimes. */
    public List<String> forFinish(String workerId, long epochMinute) {
        return List.of(queues(), inflight(workerId), worker(workerId), processed(), processed(workerId),
                minuteCount("processed", epochMinute), failedRuns(), failedRuns(workerId),
                minuteCount("failed", epochMinute), failed(), retries(), unrunCount("cancelled"), limits(), limitDue(),
                wakeAny(), limitHeld(workerId));
    }

    /** enqueue.lua's and batch.lua's fixed keys come first; then each segment's, as the script reads them. */
    public List<String> forEnqueue() {
        return List.of(queues(), wakeAny(), delayedSchedule(), delayedIndex(), delayedDue(), outboxSent());
    }

    /** batch.lua's fixed keys, before those of its jobs. */
    public List<String> forBatch(String batchId) {
        return List.of(queues(), wakeAny(), batch(batchId), batchesOpen());
    }

    /** cancel.lua's keys. */
    public List<String> forCancel(String jobId) {
        return List.of(queues(), workers(), pausedJobs(), cancelRequest(jobId), status(jobId, null));
    }

    private static List<String> withOptional(List<String> keys, String optional) {
        if (optional == null || optional.isEmpty()) {
            return keys;
        }
        List<String> all = new ArrayList<>(keys);
        all.add(optional);
        return all;
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

    /**
     * Set while a job is asked to stop (running) or not to start (queued beyond a cancel's scan), for the
     * status expiry; cancel.lua, fetch.lua and finish.lua name it too.
     */
    public String cancelRequest(String jobId) {
        return prefix + "bgj:cancel:" + jobId;
    }

    /** How many jobs ended without running to their end, by {@code state}: cancelled or expired (lib/unrun.lua). */
    public String unrunCount(String state) {
        return prefix + "bgj:stat:" + state;
    }

    /** resque-scheduler's set of the delayed:TS lists that hold this payload (members not namespaced). */
    public String timestamps(String payload) {
        return prefix + "timestamps:" + payload;
    }

    /** A worker's in-flight list (reliable fetch): the one job it runs, as fetched. */
    public String inflight(String workerId) {
        return prefix + "bgj:inflight:" + workerId;
    }

    /** Resque's record of when a worker started. */
    public String workerStarted(String workerId) {
        return prefix + "worker:" + workerId + ":started";
    }

    /** The ids of the workers this module registered. */
    public String ourWorkers() {
        return prefix + "bgj:workers";
    }

    /** Set while one of our pruned workers may register again. */
    public String pruned(String workerId) {
        return prefix + "bgj:pruned:" + workerId;
    }

    /** Resque's count of runs. */
    public String processed() {
        return prefix + "stat:processed";
    }

    public String processed(String workerId) {
        return prefix + "stat:processed:" + workerId;
    }

    /** Resque's count of failed runs. */
    public String failedRuns() {
        return prefix + "stat:failed";
    }

    public String failedRuns(String workerId) {
        return prefix + "stat:failed:" + workerId;
    }

    /** The limits every server published: job name -> spec (lib/limits.lua). */
    public String limits() {
        return prefix + "bgj:limits";
    }

    /** Buckets whose waiters may go, by when. */
    public String limitDue() {
        return prefix + "bgj:limit:due";
    }

    /** The one idle worker that wakes by itself when waiters are due. */
    public String limitTimer() {
        return prefix + "bgj:limit:timer";
    }

    /** The slot of a concurrency limit that a worker's run holds. */
    public String limitHeld(String workerId) {
        return prefix + "bgj:limit:held:" + workerId;
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

    /** A batch's record: counters, creation and completion times, callbacks (batch.lua writes it). */
    public String batch(String batchId) {
        return prefix + "bgj:batch:" + batchId;
    }

    /** Batches not yet complete, by creation time (epoch seconds, Redis's clock). */
    public String batchesOpen() {
        return prefix + "bgj:batches:open";
    }

    /** Completed batches whose record is still kept, by completion time (epoch seconds, Redis's clock). */
    public String batchesDone() {
        return prefix + "bgj:batches:done";
    }
}
