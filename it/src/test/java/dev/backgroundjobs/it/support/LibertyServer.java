package dev.backgroundjobs.it.support;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Liberty server of the build's runtime that a crash-execution test starts, kills and stops itself
 * (with bin/server): the build's own ({@link #build()}) or a copy of it
 * with ports of its own ({@link #copy}).
 */
public final class LibertyServer {

    /** What a copy leaves out: the original's output (logs, caches, transaction log, H2 files) and apps. */
    private static final Set<String> NOT_COPIED = Set.of("logs", "workarea", "tranlog", "h2", "dropins", "apps");

    public final Path dir;
    public final Path wlp;
    public final int httpPort;

    private LibertyServer(Path dir, int httpPort) {
        this.dir = dir;
        this.wlp = dir.getParent().getParent().getParent();
        this.httpPort = httpPort;
    }

    /** The build's server (liberty.server.dir, liberty.http.port). */
    public static LibertyServer build() {
        return new LibertyServer(Path.of(System.getProperty("liberty.server.dir")),
                Integer.parseInt(System.getProperty("liberty.http.port")));
    }

    public String name() {
        return dir.getFileName().toString();
    }

    /**
     * A second server next to this one, named {@code name}: this one's configuration (server.xml,
     * jvm.options, configDropins, the JDBC driver) without its output and applications, on free HTTP and
     * HTTPS ports (a configDropins/overrides file that sorts after the build's variables).
     */
    public LibertyServer copy(String name) throws IOException {
        Path target = dir.resolveSibling(name);
        if (Files.exists(target)) {
            new LibertyServer(target, 0).delete();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(path -> dir.relativize(path).getNameCount() == 0
                            || !NOT_COPIED.contains(dir.relativize(path).getName(0).toString()))
                    .forEach(path -> {
                        try {
                            Files.copy(path, target.resolve(dir.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        Files.createDirectories(target.resolve("dropins"));
        int http = freePort();
        int https = freePort();
        Files.writeString(target.resolve("configDropins").resolve("overrides").resolve("zz-second-server-ports.xml"),
                "<server>\n  <variable name=\"http.port\" value=\"" + http + "\"/>\n"
                        + "  <variable name=\"https.port\" value=\"" + https + "\"/>\n</server>\n");
        return new LibertyServer(target, http);
    }

    /** Writes {@code xml} as configDropins/overrides/{@code file} (read at the next start). */
    public void override(String file, String xml) throws IOException {
        Path overrides = dir.resolve("configDropins").resolve("overrides");
        Files.createDirectories(overrides);
        Files.writeString(overrides.resolve(file), xml);
    }

    public void removeOverride(String file) throws IOException {
        Files.deleteIfExists(dir.resolve("configDropins").resolve("overrides").resolve(file));
    }

    public void deploy(WebArchive war) {
        war.as(ZipExporter.class).exportTo(dir.resolve("dropins").resolve(war.getName()).toFile(), true);
    }

    public void undeploy(String app) throws IOException {
        Files.deleteIfExists(dir.resolve("dropins").resolve(app.endsWith(".war") ? app : app + ".war"));
    }

    public void start() throws IOException, InterruptedException {
        command("start");
    }

    public void stop() throws IOException, InterruptedException {
        command("stop");
    }

    /** SIGKILL to the server's JVM; returns once it is gone. */
    public void kill9() throws IOException, InterruptedException {
        Path pidFile = dir.getParent().resolve(".pid").resolve(name() + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertEquals(0, run(10, "kill", "-9", Long.toString(pid)), "kill -9 " + pid);
        ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().join());
    }

    /** Copies the server's logs/messages*.log to {@code target} (emptied first), to outlive {@link #delete()}. */
    public void keepLogs(Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.list(target)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(target);
        Path logs = dir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("messages")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }

    /** Deletes the server's directory (a copy's, after it stopped). */
    public void delete() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        Files.deleteIfExists(dir.getParent().resolve(".pid").resolve(name() + ".pid"));
    }

    private void command(String command) throws IOException, InterruptedException {
        run(180, wlp.resolve("bin").resolve("server").toString(), command, name());
    }

    /**
     * Runs a command, its output printed through System.out (failsafe's channel: output written straight to
     * the JVM's own stdout corrupts it); returns its exit code.
     */
    public static int run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
        // A file, not a pipe: `server start` leaves a server JVM behind that may hold the output open.
        Path output = Files.createTempFile("liberty-it-command", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            System.out.print(Files.readString(output));
            assertTrue(ended, String.join(" ", command) + " took too long");
            return process.exitValue();
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
