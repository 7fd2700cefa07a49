package dev.backgroundjobs.redis;

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
