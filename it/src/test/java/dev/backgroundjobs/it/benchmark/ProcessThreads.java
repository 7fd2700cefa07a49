package dev.backgroundjobs.it.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time a Linux JVM used, from {@code /proc/PID/stat}, and the part of it its JIT compiler and
 * garbage collector threads used, from {@code /proc/PID/task/TID/stat} (HotSpot names its threads, and
 * the kernel keeps the first 15 characters; both keep one thread of each alive).
 */
final class ProcessThreads {

    /** Clock ticks per second of {@code /proc} times on Linux. */
    private static final double MICROS_PER_TICK = 1e6 / 100;
    /** A compiler that used less than this over one look is taken as done with the code run so far. */
    private static final Duration QUIET = Duration.ofMillis(20);
    private static final Duration LOOK = Duration.ofMillis(500);

    /** CPU time in microseconds. */
    record Cpu(double compilerMicros, double gcMicros, double allMicros) {

        Cpu minus(Cpu earlier) {
            return new Cpu(compilerMicros - earlier.compilerMicros, gcMicros - earlier.gcMicros, allMicros - earlier.allMicros);
        }
    }

    private ProcessThreads() {
    }

    /** {@code pid} may be "self". */
    static Cpu read(String pid) throws IOException {
        double compiler = 0;
        double gc = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    compiler += cpuMicros(stat);
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    gc += cpuMicros(stat);
                }
            }
        }
        return new Cpu(compiler, gc, cpuMicros(Files.readString(Path.of("/proc", pid, "stat"))));
    }

    /** User and system time of a {@code stat} line, of a process (its threads that ended included) or a thread. */
    private static double cpuMicros(String stat) {
        // Fields after the name, which is in parentheses: utime and stime are the 12th and 13th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MICROS_PER_TICK;
    }

    /**
     * Waits until the JIT compiler has compiled what the code run so far asked for (it used less than
     * 20 ms over half a second), at most {@code limit}; returns how long that took.
     */
    static Duration awaitQuietCompiler(String pid, Duration limit) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Settling.await(() -> read(pid).compilerMicros(), QUIET.toNanos() / 1e3, LOOK, limit);
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
