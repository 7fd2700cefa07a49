package dev.backgroundjobs.it.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of a Linux process, from its {@code /proc/PID/status}. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** A field in KiB, such as VmRSS: (resident now) or VmHWM: (the most so far); -1 when absent. */
    static long kib(String pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(line -> line.startsWith(field))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }
}
