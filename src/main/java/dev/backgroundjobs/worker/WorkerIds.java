package dev.backgroundjobs.worker;

import dev.backgroundjobs.config.PoolConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resque worker ids, {@code host:pid:queues}. Every loop of a JVM shares the pid, so the host field
 * carries the loop's identity ({@code host/server/app/pool-N}, with the Liberty server name). That
 * keeps ids unique per loop, and the host field stays the same across restarts, so a restarted server
 * recognises the ids of its previous life and puts back what they left in flight. A Ruby worker on
 * the same host never prunes them: Ruby prunes only ids whose host field equals its own host name and
 * whose pid is not a live Resque process, and ours never equals a plain host name; it relies on our
 * heartbeats for the rest.
 */
final class WorkerIds {

    /** A worker id and its host field, the part that stays the same across restarts. */
    record WorkerId(String id, String hostField) {
    }

    private final String prefix;
    private final long pid;

    WorkerIds(String application) {
        String server = System.getProperty("wlp.server.name", "server");
        this.prefix = hostName() + "/" + server + "/" + application + "/";
        this.pid = ProcessHandle.current().pid();
    }

    WorkerId idOf(PoolConfig pool, int index) {
        String hostField = prefix + pool.name() + "-" + index;
        return new WorkerId(hostField + ":" + pid + ":" + String.join(",", pool.queues()), hostField);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment != null ? fromEnvironment : "localhost";
        }
    }
}
