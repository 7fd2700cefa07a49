package dev.backgroundjobs.it.sentinel;

import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.RedisBinaries;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis Sentinel on loopback, started by the test: two Redis servers (one master, one replica, both
 * with a password) and three sentinels (an ACL user and password of their own, the default user off) that monitor them with quorum 2 and
 * call a master down after one second. Every process is the test's own, killed when it ends.
 */
final class RedisHa implements AutoCloseable {

    static final String MASTER_NAME = "bgj-it";
    static final String MASTER_PASSWORD = "master-secret-7f3a";
    /** The sentinels' ACL user: their default user is off, so nothing reaches them without it. */
    static final String SENTINEL_USER = "watcher";
    static final String SENTINEL_PASSWORD = "sentinel-secret-91c2";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final RedisBinaries binaries;
    private final Path dir;
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    final int[] nodes;
    final int[] sentinels;

    private RedisHa(RedisBinaries binaries, Path dir, int[] nodes, int[] sentinels) {
        this.binaries = binaries;
        this.dir = dir;
        this.nodes = nodes;
        this.sentinels = sentinels;
    }

    /** Master on nodes[0], its replica on nodes[1], three sentinels agreeing on both. */
    static RedisHa start(RedisBinaries binaries, Path dir) throws Exception {
        Files.createDirectories(dir);
        RedisHa ha = new RedisHa(binaries, dir, new int[] {freePort(), freePort()},
                new int[] {freePort(), freePort(), freePort()});
        try {
            ha.startNode(ha.nodes[0], null);
            ha.startNode(ha.nodes[1], ha.nodes[0]);
            ha.awaitReplicaLinked(ha.nodes[1]);
            for (int port : ha.sentinels) {
                ha.startSentinel(port, ha.nodes[0]);
            }
            ha.awaitSentinelsAgree(ha.nodes[0], ha.nodes[1]);
        } catch (Exception | Error e) {
            ha.close();
            throw e;
        }
        return ha;
    }

    String sentinelAddresses() {
        List<String> addresses = new ArrayList<>();
        for (int port : sentinels) {
            addresses.add("127.0.0.1:" + port);
        }
        return String.join(",", addresses);
    }

    /** The master's port as the first sentinel names it now. */
    int master() {
        try (Jedis sentinel = sentinel(sentinels[0])) {
            return Integer.parseInt(sentinel.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
        }
    }

    int replicaOf(int master) {
        return nodes[0] == master ? nodes[1] : nodes[0];
    }

    void kill9(int port) throws InterruptedException {
        Process process = processes.remove(port);
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Cuts the replica off its master, as a network partition would: the master drops the link, and the
     * replica, given a wrong password, cannot make it again. The master goes on taking writes alone.
     */
    void partition(int master, int replica) throws Exception {
        try (Jedis node = node(replica)) {
            node.configSet("masterauth", "not-the-password");
        }
        try (Jedis node = node(master)) {
            node.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "replica");
        }
        Await.until("replica " + replica + " cut off", PATIENCE, () -> {
            try (Jedis node = node(replica)) {
                return node.info("replication").contains("master_link_status:down");
            }
        });
    }

    /** Gives a partitioned replica its master's password back (it is about to become the master). */
    void heal(int replica) {
        try (Jedis node = node(replica)) {
            node.configSet("masterauth", MASTER_PASSWORD);
        }
    }

    /** Starts a killed node again, empty, as a replica of {@code master}, and waits until every sentinel sees it so. */
    void rejoin(int port, int master) throws Exception {
        startNode(port, master);
        awaitReplicaLinked(port);
        awaitSentinelsAgree(master, port);
    }

    Jedis node(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().password(MASTER_PASSWORD).timeoutMillis(2000).build());
    }

    private Jedis sentinel(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().user(SENTINEL_USER).password(SENTINEL_PASSWORD).timeoutMillis(2000).build());
    }

    private void startNode(int port, Integer masterPort) throws Exception {
        List<String> command = new ArrayList<>(List.of(binaries.server().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--dbfilename", "node-" + port + ".rdb", "--requirepass", MASTER_PASSWORD, "--masterauth", MASTER_PASSWORD,
                // The replica syncs at once, not after the default 5 s pause that gathers replicas.
                "--repl-diskless-sync-delay", "0", "--logfile", dir.resolve("node-" + port + ".log").toString()));
        if (masterPort != null) {
            command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
        }
        launch(port, command);
    }

    private void startSentinel(int port, int masterPort) throws Exception {
        Path config = dir.resolve("sentinel-" + port + ".conf");
        // A sentinel rewrites its own file (what it learnt of replicas, peers, epochs), so each has its own.
        Files.writeString(config, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir,
                "logfile " + dir.resolve("sentinel-" + port + ".log"),
                "user default off",
                "user " + SENTINEL_USER + " on >" + SENTINEL_PASSWORD + " allchannels +@all",
                "sentinel sentinel-user " + SENTINEL_USER,
                "sentinel sentinel-pass " + SENTINEL_PASSWORD,
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                "sentinel auth-pass " + MASTER_NAME + " " + MASTER_PASSWORD,
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 3000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
        launch(port, List.of(binaries.server().toString(), config.toString(), "--sentinel"));
    }

    private void launch(int port, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("process-" + port + ".out").toFile()).start();
        processes.put(port, process);
        Await.until("redis on port " + port + " listens", PATIENCE, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(String.join(" ", command) + " exited: see " + dir);
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private void awaitReplicaLinked(int replica) throws Exception {
        Await.until("replica " + replica + " in sync", PATIENCE, () -> {
            try (Jedis node = node(replica)) {
                return node.info("replication").contains("master_link_status:up");
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    /** Every sentinel names {@code master}, knows the two other sentinels, and sees {@code replica} as a healthy replica. */
    private void awaitSentinelsAgree(int master, int replica) throws Exception {
        Await.until("the sentinels agree on master " + master + " and replica " + replica, PATIENCE, () -> {
            for (int port : sentinels) {
                try (Jedis sentinel = sentinel(port)) {
                    Map<String, String> state = sentinel.sentinelMaster(MASTER_NAME);
                    boolean healthy = state.get("port").equals(Integer.toString(master))
                            && state.get("flags").equals("master")
                            && state.get("num-other-sentinels").equals("2")
                            && sentinel.sentinelReplicas(MASTER_NAME).stream().anyMatch(r ->
                                    r.get("port").equals(Integer.toString(replica)) && r.get("flags").equals("slave")
                                            && "ok".equals(r.get("master-link-status")));
                    if (!healthy) {
                        return false;
                    }
                } catch (RuntimeException notYet) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process process : processes.values()) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
