package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Worker registration as Resque keeps it, heartbeats, and the pruning of workers that are gone, with
 * what becomes of the jobs they left. Times are Redis's.
 */
@ApplicationScoped
public class WorkerStore {

    private static final LuaScript REGISTER_WORKER = LuaScript.load("register_worker.lua");
    private static final LuaScript UNREGISTER_WORKER = LuaScript.load("unregister_worker.lua");
    private static final LuaScript PRUNE_WORKERS = LuaScript.load("prune_workers.lua");

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    Keys keys;

    /**
     * Registers the worker, first removing earlier lives of its loop (same host field, same
     * {@code -pool-N} tag after the pid) and a previous life of the same id; returns how many jobs
     * those left in flight and were put back. Times are Redis's.
     */
    public long register(String workerId, String hostField) {
        Object requeued = REGISTER_WORKER.run(connection.client(), ScriptCall.builder()
                .keys(keys.forWorkers(List.of(workerId))).arg(workerId).arg(hostField).build());
        return requeued instanceof Long count ? count : 0;
    }

    /** Unregisters the worker; returns how many unfinished jobs went back to their queues. */
    public long unregister(String workerId) {
        Object requeued = UNREGISTER_WORKER.run(connection.client(), ScriptCall.builder()
                .keys(keys.forWorkers(List.of(workerId))).arg(workerId).build());
        return requeued instanceof Long count ? count : 0;
    }

    /**
     * Refreshes the heartbeats of this server's live workers, registering again those a peer pruned,
     * then removes every worker whose heartbeat is stale by Redis time (ours after the worker timeout,
     * foreign ones after the foreign worker timeout): one call. Our removed workers' jobs go back to
     * their queues; a foreign one's current job is recorded as failed. No clock of this server is read.
     */
    public Pruned beatAndPrune(List<String> liveWorkers) {
        return Pruned.of((List<?>) PRUNE_WORKERS.run(connection.client(), ScriptCall.builder()
                .keys(keys.forWorkers(liveWorkers)).arg(wholeSeconds(config.workerTimeout()))
                .arg(wholeSeconds(config.foreignWorkerTimeout())).args(liveWorkers).build()));
    }

    /** A timeout as the prune compares it: whole seconds, rounded up. */
    static String wholeSeconds(Duration timeout) {
        return Long.toString((timeout.toMillis() + 999) / 1000);
    }

    /** What a prune did: the workers it removed, and this server's live workers it registered again. */
    public record Pruned(List<PrunedWorker> workers, List<String> registeredAgain) {

        public Pruned {
            workers = List.copyOf(workers);
            registeredAgain = List.copyOf(registeredAgain);
        }

        /** Reads the script's reply: removed workers as (id, outcome, count) triples, then the ids registered again. */
        static Pruned of(List<?> reply) {
            List<?> removed = (List<?>) reply.get(0);
            List<PrunedWorker> workers = new ArrayList<>(removed.size() / 3);
            for (int i = 0; i + 2 < removed.size(); i += 3) {
                workers.add(new PrunedWorker(ScriptReplies.text(removed.get(i)), JobsLeft.of(ScriptReplies.text(removed.get(i + 1))),
                        ((Number) removed.get(i + 2)).longValue()));
            }
            List<String> again = new ArrayList<>();
            for (Object id : (List<?>) reply.get(1)) {
                again.add(ScriptReplies.text(id));
            }
            return new Pruned(workers, again);
        }

        /** How many jobs went back to their queues. */
        public long requeued() {
            return count(JobsLeft.REQUEUED);
        }

        /** How many jobs of foreign workers were recorded as failed. */
        public long recordedAsFailed() {
            return count(JobsLeft.RECORDED_AS_FAILED);
        }

        private long count(JobsLeft kind) {
            return workers.stream().filter(worker -> worker.jobsLeft() == kind).mapToLong(PrunedWorker::jobs).sum();
        }
    }

    /** A worker a prune removed, what became of the jobs it left and how many they were. */
    public record PrunedWorker(String id, JobsLeft jobsLeft, long jobs) {
    }

    /** What became of the jobs a pruned worker left. */
    public enum JobsLeft {
        /** One of ours: its in-flight jobs went back to the head of their queue. */
        REQUEUED,
        /** A foreign worker: its current job became a Resque::DirtyExit failure record, to be retried. */
        RECORDED_AS_FAILED,
        /** Nothing was in flight. */
        NONE,
        /** One of ours whose current job names no queue: its in-flight list is kept, not dropped. */
        KEPT_IN_FLIGHT;

        static JobsLeft of(String outcome) {
            return switch (outcome) {
                case "requeued" -> REQUEUED;
                case "failed" -> RECORDED_AS_FAILED;
                case "kept" -> KEPT_IN_FLIGHT;
                default -> NONE;
            };
        }
    }
}
