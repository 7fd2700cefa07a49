package dev.backgroundjobs.redis;

/**
 * Every Redis key of a namespace, built in one place. The Resque keys keep Resque's names and types;
 * the module's own keys live under {@code bgj:}. The Lua scripts build the same names from the prefix.
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

    public String queue(String name) {
        return prefix + "queue:" + name;
    }

    public String workers() {
        return prefix + "workers";
    }

    public String worker(String workerId) {
        return prefix + "worker:" + workerId;
    }

    public String workerStarted(String workerId) {
        return worker(workerId) + ":started";
    }

    public String heartbeats() {
        return prefix + "workers:heartbeat";
    }

    public String processed() {
        return prefix + "stat:processed";
    }

    public String processed(String workerId) {
        return processed() + ":" + workerId;
    }

    public String failedCount() {
        return prefix + "stat:failed";
    }

    public String failedCount(String workerId) {
        return failedCount() + ":" + workerId;
    }

    public String failed() {
        return prefix + "failed";
    }

    public String inflight(String workerId) {
        return prefix + "bgj:inflight:" + workerId;
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
}
