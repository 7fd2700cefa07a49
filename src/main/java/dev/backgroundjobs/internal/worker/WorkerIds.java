package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.config.PoolConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resque worker ids, {@code host:pid:queues}, one per loop: {@code host.server.app:PID-pool-N:q1,q2}.
 * <ul>
 * <li>The host field, {@code host.server.app} (host name, Liberty server name, application name), is
 * the same for every loop of one server, so resque-web shows a server's loops as one host; and it is
 * never a plain host name, so a Ruby worker on the same host never prunes them (Ruby prunes only ids
 * whose host field is its own host name and whose pid is not one of its live processes). Our
 * heartbeats and peers' prunes do the rest.</li>
 * <li>The pid field, {@code PID-pool-N}, makes the id unique per loop; everything in it but the pid
 * stays the same across restarts, so registering finds the earlier lives of the same loop (same host
 * field, same {@code -pool-N}) and puts back what they left in flight.</li>
 * <li>Characters a URL path segment would break on ({@code /}, {@code ?}, {@code #}, {@code %},
 * spaces, ...) and Resque's separators ({@code :}, {@code ,}) are replaced with {@code _} in the host
 * field, so resque-web's {@code /workers/:id} and {@code /working/:id} links route. Queue names are
 * checked for the same at deployment (ConfigParser); pool names are letters, digits, '_' and '-'.</li>
 * </ul>
 */
final class WorkerIds {

    /** A worker id and its host field. */
    record WorkerId(String id, String hostField) {
    }

    private final String hostField;
    private final long pid;

    WorkerIds(String application) {
        this(hostName(), System.getProperty("wlp.server.name", "server"), application, ProcessHandle.current().pid());
    }

    WorkerIds(String host, String server, String application, long pid) {
        this.hostField = safe(host) + "." + safe(server) + "." + safe(application);
        this.pid = pid;
    }

    WorkerId idOf(PoolConfig pool, int index) {
        return new WorkerId(hostField + ":" + pid + "-" + pool.name() + "-" + index + ":" + String.join(",", pool.queues()),
                hostField);
    }

    /** Only letters, digits, '.', '_' and '-' are kept; anything else becomes '_'. */
    static String safe(String part) {
        StringBuilder safe = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean kept = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
            safe.append(kept ? c : '_');
        }
        return safe.isEmpty() ? "_" : safe.toString();
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
