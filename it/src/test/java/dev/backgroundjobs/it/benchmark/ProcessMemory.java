package dev.backgroundjobs.it.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Memory figures of a Linux process, from its {@code /proc/PID/status}. */
final class ProcessMemory {

    /** Changes of the resident size below this, over one look, count as settled. */
    private static final long SETTLED_KIB = 1024;
    private static final Duration LOOK = Duration.ofMillis(250);

    private ProcessMemory() {
    }

    /** A field in KiB, such as VmRSS: (resident now) or VmHWM: (the most so far); -1 when absent. */
    static long kib(String pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(line -> line.startsWith(field))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }

    /** Waits until the resident size stops changing (by 1 MiB over a quarter second), at most {@code limit}; returns it in KiB. */
    static long awaitSettled(String pid, Duration limit) throws IOException, InterruptedException {
        return (long) Settling.await(() -> kib(pid, "VmRSS:"), SETTLED_KIB, LOOK, limit);
    }
}
