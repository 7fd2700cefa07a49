package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.it.support.LibertyProcess;

import java.io.IOException;
import java.time.Duration;

/** Memory figures of a Linux process, from its {@code /proc/PID/status}. */
final class ProcessMemory {

    /** Changes of the resident size below this, over one look, count as settled. */
    private static final long SETTLED_KIB = 1024;
    private static final Duration LOOK = Duration.ofMillis(250);

    private ProcessMemory() {
    }

    /** Waits until the resident size stops changing (by 1 MiB over a quarter second), at most {@code limit}; returns it in KiB. */
    static long awaitSettled(String pid, Duration limit) throws IOException, InterruptedException {
        return (long) Settling.await(() -> LibertyProcess.statusKib(pid, "VmRSS:"), SETTLED_KIB, LOOK, limit);
    }
}
