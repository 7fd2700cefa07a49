package dev.backgroundjobs.it.interop;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * node-resque's scripts (it/src/test/node, installed by the build into {@code node.peer.dir} with
 * {@code npm ci}) as processes on the build's Redis. Each script ends by itself; its last line of output
 * is a JSON summary.
 */
final class NodePeer {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Process process;
    private final Path out;
    private final Path err;
    private final String script;

    private NodePeer(String script, Process process, Path out, Path err) {
        this.script = script;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code script}.js with the Redis and namespace given, then {@code args} ("--name=value"). */
    static NodePeer start(String script, String namespace, String... args) throws IOException {
        Path dir = Path.of(property("node.peer.dir"));
        List<String> command = new ArrayList<>(List.of(System.getProperty("node.binary", "node"),
                dir.resolve(script + ".js").toString(), "--host=127.0.0.1", "--port=" + property("redis.port"),
                "--namespace=" + namespace));
        command.addAll(List.of(args));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        int run = RUNS.incrementAndGet();
        Path out = logs.resolve(script + "-" + run + ".out");
        Path err = logs.resolve(script + "-" + run + ".err");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new NodePeer(script, process, out, err);
    }

    /** Waits for the script to end (at most {@code timeout}), asserts it succeeded, and returns its summary. */
    JsonObject finish(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(script + ".js still ran after " + timeout + "; its errors: " + errors());
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0 || lines.isEmpty()) {
            throw new AssertionError(script + ".js ended with " + process.exitValue() + "; its output: " + lines
                    + "; its errors: " + errors());
        }
        return Json.createReader(new StringReader(lines.get(lines.size() - 1))).readObject();
    }

    /** Ends a script still running (after a failed test). */
    void kill() {
        process.destroyForcibly();
    }

    String errors() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests through Maven"
                    + " (it/pom.xml installs node-resque with npm ci and passes it)");
        }
        return value;
    }
}
