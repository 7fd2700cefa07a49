package dev.backgroundjobs.it.support;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The redis-server (and redis-cli) on the PATH, and what it can do, for the tests that start Redis processes of
 * their own (TLS, Sentinel). Such a test skips with one line when the machine lacks them, unless {@value #REQUIRED}
 * is {@code required} (as .ci/run sets it, having installed Debian's redis-server): there it fails instead.
 */
public final class RedisBinaries {

    /** Set to {@code required} by .ci/run: a missing or incapable redis-server fails the test instead of skipping it. */
    public static final String REQUIRED = "BGJ_REDIS_HA_TEST";
    private static final String INSTALL_HINT = "apt-get install redis-server";
    /** A directive no Redis knows: the error names the first unknown directive, so it tells whether those before it are known. */
    private static final String UNKNOWN_DIRECTIVE = "bgj-capability-probe";

    private final Path server;
    private final Path cli;

    private RedisBinaries(Path server, Path cli) {
        this.server = server;
        this.cli = cli;
    }

    /** redis-server and redis-cli from the PATH, with TLS; skips (or fails where required) when there are none or no TLS. */
    public static RedisBinaries withTls() {
        RedisBinaries binaries = present("TLS");
        require(binaries.hasTls(), binaries.server + " has no TLS support (tls-port is unknown to it)", "TLS");
        return binaries;
    }

    /** redis-server and redis-cli from the PATH, with Sentinel mode; skips (or fails where required) otherwise. */
    public static RedisBinaries withSentinel() {
        RedisBinaries binaries = present("Sentinel");
        require(binaries.hasSentinel(), binaries.server + " has no --sentinel mode", "Sentinel");
        return binaries;
    }

    /** redis-server and redis-cli from the PATH (cluster mode and redis-cli --cluster); skips (or fails where required) otherwise. */
    public static RedisBinaries withCluster() {
        return present("Cluster");
    }

    /** The redis-server and redis-cli found on the PATH, if both are there. */
    public static Optional<RedisBinaries> onPath() {
        return executable("redis-server").flatMap(server -> executable("redis-cli").map(cli -> new RedisBinaries(server, cli)));
    }

    public Path server() {
        return server;
    }

    public Path cli() {
        return cli;
    }

    /** Whether this redis-server knows the tls-port directive (it was built with TLS). */
    public boolean hasTls() {
        String answer = probe(List.of("--tls-port", "0", "--" + UNKNOWN_DIRECTIVE, "yes"));
        return answer.contains(UNKNOWN_DIRECTIVE) && !answer.contains("'tls-port");
    }

    /** Whether this redis-server runs as a sentinel (it then asks for a config file before anything else). */
    public boolean hasSentinel() {
        return probe(List.of("--sentinel")).contains("Sentinel");
    }

    /** What redis-server prints when started with these arguments; every probe here makes it exit at once. */
    private String probe(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(server.toString());
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(server + " did not exit when probed with " + arguments);
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing " + server, e);
        }
    }

    private static RedisBinaries present(String feature) {
        Optional<RedisBinaries> binaries = onPath();
        require(binaries.isPresent(), "no redis-server and redis-cli on the PATH", feature);
        return binaries.get();
    }

    private static void require(boolean condition, String problem, String feature) {
        if (!condition && "required".equals(System.getenv(REQUIRED))) {
            throw new IllegalStateException(REQUIRED + "=required but " + problem + " (" + INSTALL_HINT + ")");
        }
        if (!condition) {
            String reason = problem + " (" + INSTALL_HINT + "): " + feature + " test skipped";
            // Failsafe shows a skip's reason only in its report files: this is the build output's one line.
            System.out.println(reason);
            Assumptions.abort(reason);
        }
    }

    private static Optional<Path> executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
