package dev.backgroundjobs.worker;

import dev.backgroundjobs.config.PoolConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resque worker ids, {@code host:pid:queues}. Every loop of a JVM shares the pid, so the host field
 * carries the loop's identity ({@code host/app/pool-N}). That keeps ids unique per loop and stable
 * across restarts, and a Ruby worker on the same host never prunes them: Ruby prunes only ids whose
 * host field equals its own host name and whose pid is not a live Resque process, and ours never
 * equals a plain host name; it relies on our heartbeats for the rest.
 */
final class WorkerIds {

    private final String host;
    private final long pid;
    private final String application;

    WorkerIds(String application) {
        this.host = hostName();
        this.pid = ProcessHandle.current().pid();
        this.application = application;
    }

    String idOf(PoolConfig pool, int index) {
        return host + "/" + application + "/" + pool.name() + "-" + index + ":" + pid + ":"
                + String.join(",", pool.queues());
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
