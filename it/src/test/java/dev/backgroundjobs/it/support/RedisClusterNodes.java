package dev.backgroundjobs.it.support;

import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.SafeEncoder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of real redis-server processes on loopback, started and stopped by a test: three
 * masters with a replica each ({@code redis-cli --cluster create --cluster-replicas 1}), a node timeout
 * short enough that a killed master's replica takes over within seconds.
 */
public final class RedisClusterNodes implements AutoCloseable {

    private static final int NODES = 6;
    private static final Duration NODE_TIMEOUT = Duration.ofMillis(2_000);

    private final RedisBinaries binaries;
    private final Path dir;
    private final List<Integer> ports;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    private RedisClusterNodes(RedisBinaries binaries, Path dir, List<Integer> ports) {
        this.binaries = binaries;
        this.dir = dir;
        this.ports = ports;
    }

    /** Starts the six nodes in {@code dir} and joins them into a cluster whose every slot is served. */
    public static RedisClusterNodes start(RedisBinaries binaries, Path dir) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ports.add(freePortWithBus(ports));
        }
        RedisClusterNodes cluster = new RedisClusterNodes(binaries, dir, ports);
        try {
            for (int port : ports) {
                cluster.startNode(port);
            }
            List<String> create = new ArrayList<>(List.of(binaries.cli().toString(), "--cluster", "create"));
            ports.forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process creating = new ProcessBuilder(create).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("cluster-create.log").toFile()).start();
            if (!creating.waitFor(60, TimeUnit.SECONDS) || creating.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(dir.resolve("cluster-create.log")));
            }
            Await.until("every node sees the cluster ok", Duration.ofSeconds(30), () -> ports.stream().allMatch(cluster::stateOk));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startNode(int port) throws IOException, InterruptedException {
        Path nodeDir = dir.resolve(Integer.toString(port));
        Files.createDirectories(nodeDir);
        Process process = new ProcessBuilder(binaries.server().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()), "--save", "", "--appendonly", "no",
                "--dir", nodeDir.toString(), "--logfile", nodeDir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(nodeDir.resolve("stdout.log").toFile()).start();
        processes.put(port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not start: see " + nodeDir);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Runs one ACL command on every node, replicas included: a cluster does not share its ACL users, and a
     * replica that becomes a master must know them.
     */
    public void aclOnEveryNode(String... arguments) {
        for (int port : livePorts()) {
            try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
                node.sendCommand(Protocol.Command.ACL, arguments);
            }
        }
    }

    /** The entries of ACL LOG (commands and keys refused to a user) of every live node. */
    public List<Object> aclRefusals() {
        List<Object> refusals = new ArrayList<>();
        for (int port : livePorts()) {
            try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
                refusals.addAll((List<?>) node.sendCommand(Protocol.Command.ACL, "LOG"));
            }
        }
        return refusals;
    }

    /** The seed list the module is configured with: every node, {@code host:port,...}. */
    public String seeds() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** The port of the master that serves {@code key}'s slot now; empty while none does (during a failover). */
    public Optional<Integer> masterOf(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        for (int port : livePorts()) {
            try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
                for (String line : cluster(node, "NODES").split("\n")) {
                    String[] fields = line.split(" ");
                    if (fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail")
                            && servesSlot(fields, slot)) {
                        String address = fields[1];
                        return Optional.of(Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@'))));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The masters' ports now, in the order of the ports. */
    public List<Integer> masters() {
        return livePorts().stream().filter(port -> role(port).equals("master")).toList();
    }

    /** Calls of each command on one node since it started, from INFO commandstats (e.g. {@code evalsha=1200}). */
    public Map<String, Long> commandCalls(int port) {
        Map<String, Long> calls = new LinkedHashMap<>();
        try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
            for (String line : node.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                    String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
                    calls.put(name, Long.parseLong(count));
                }
            }
        }
        return calls;
    }

    /** Seconds of CPU the node's process has used (user + system), from INFO cpu. */
    public double cpuSeconds(int port) {
        try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
            double total = 0;
            for (String line : node.info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    total += Double.parseDouble(line.substring(line.indexOf(':') + 1));
                }
            }
            return total;
        }
    }

    /** SIGKILL to one node; returns once its process is gone. */
    public void kill9(int port) throws InterruptedException {
        Process process = processes.remove(port);
        process.destroyForcibly();
        process.waitFor();
    }

    /** Whether every live node says the cluster is ok (after a kill: once the nodes noticed it and a replica took over). */
    public boolean recovered() {
        return livePorts().stream().allMatch(this::stateOk);
    }

    /** The replication offsets of a master and its replica agree: everything the master acknowledged is on both. */
    public boolean replicaCaughtUp(int masterPort) {
        try (RedisClient master = RedisClient.create("127.0.0.1", masterPort)) {
            String info = master.info("replication");
            long offset = field(info, "master_repl_offset").map(Long::parseLong).orElse(-1L);
            Optional<String> replica = field(info, "slave0");
            return replica.isPresent() && replica.get().contains("offset=" + offset + ",");
        }
    }

    private List<Integer> livePorts() {
        return ports.stream().filter(port -> processes.containsKey(port) && processes.get(port).isAlive()).toList();
    }

    private String role(int port) {
        try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
            return field(node.info("replication"), "role").orElse("unknown");
        }
    }

    private boolean stateOk(int port) {
        try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
            return cluster(node, "INFO").contains("cluster_state:ok");
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static String cluster(RedisClient node, String subcommand) {
        return SafeEncoder.encode((byte[]) node.sendCommand(Protocol.Command.CLUSTER, subcommand));
    }

    private static boolean servesSlot(String[] fields, int slot) {
        for (int i = 8; i < fields.length; i++) {
            String range = fields[i];
            if (range.startsWith("[")) {
                continue;
            }
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int to = Integer.parseInt(dash < 0 ? range : range.substring(dash + 1));
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Optional.of(line.substring(name.length() + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static boolean answers(int port) {
        try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
            return "PONG".equals(node.ping());
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** A free port whose cluster bus port (10000 above it) is free too, not among {@code taken}. */
    private static int freePortWithBus(List<Integer> taken) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
            if (!taken.contains(port) && free(port) && free(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free pair of ports (port, port + 10000) found");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes.values()) {
            process.destroyForcibly();
            process.waitFor();
        }
        processes.clear();
    }
}
