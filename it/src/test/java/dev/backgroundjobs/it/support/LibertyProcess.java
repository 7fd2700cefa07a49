package dev.backgroundjobs.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The build's Liberty server JVM as Linux sees it. */
public final class LibertyProcess {

    private LibertyProcess() {
    }

    /** The pid of the JVM running the build's server ({@code liberty.server.dir}). */
    public static long pid() {
        String wlp = Path.of(System.getProperty("liberty.server.dir")).getParent().getParent().getParent().toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(wlp) && line.contains("ws-server"))
                        .orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no Liberty JVM of " + wlp)).pid();
    }

    /**
     * A field of a process's {@code /proc/PID/status} in KiB, such as VmRSS: (resident now) or VmHWM:
     * (the most so far); -1 when absent. {@code pid} may be "self".
     */
    public static long statusKib(String pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(line -> line.startsWith(field))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }
}
