package dev.backgroundjobs.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Stops and starts the build's Redis on the same port, through the build's own redis-ctl.sh. */
public final class RedisProcess {

    private RedisProcess() {
    }

    public static void stop() throws IOException, InterruptedException {
        control("stop");
    }

    public static void start() throws IOException, InterruptedException {
        control("start");
    }

    private static void control(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", property("redis.ctl"), command,
                property("redis.port"), property("redis.dir")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        // redis.binary is the script's own link to the binary it chose; hand it the binary, not the link.
        builder.environment().put("REDIS_SERVER", Path.of(property("redis.binary")).toRealPath().toString());
        // The Redis started here serves the rest of the build, so its watchdog follows Maven, not this test
        // JVM; without Maven in sight there is no watchdog, and the build's own stop still ends it.
        builder.environment().put("REDIS_OWNER_PID", Long.toString(mavenPid()));
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("redis-ctl.sh " + command + " failed");
        }
    }

    /** The Maven JVM that forked this test JVM, or 0 when it cannot be seen. */
    private static long mavenPid() {
        Optional<ProcessHandle> ancestor = ProcessHandle.current().parent();
        while (ancestor.isPresent()) {
            ProcessHandle process = ancestor.get();
            if (process.info().commandLine().orElse("").contains("plexus-classworlds")) {
                return process.pid();
            }
            ancestor = process.parent();
        }
        return 0;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set by the build");
        }
        return value;
    }
}
