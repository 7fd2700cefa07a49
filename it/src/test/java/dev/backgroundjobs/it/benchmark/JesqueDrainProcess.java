package dev.backgroundjobs.it.benchmark;

import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import net.greghaines.jesque.worker.MapBasedJobFactory;
import net.greghaines.jesque.worker.WorkerImpl;
import net.greghaines.jesque.worker.WorkerPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Jesque's 16-thread drain in a JVM of its own, with the heap settings of the Liberty JVM, so the two
 * peak memories (VmHWM) compare like with like. Prints "jobs elapsedNanos peakRssKiB" and exits.
 * Arguments: Redis port, namespace, jobs, threads.
 */
public final class JesqueDrainProcess {

    private JesqueDrainProcess() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int jobs = Integer.parseInt(args[2]);
        Config config = new ConfigBuilder().withHost("127.0.0.1").withPort(port).withNamespace(args[1]).build();
        WorkerPool pool = new WorkerPool(() -> new WorkerImpl(config, List.of("bench"),
                new MapBasedJobFactory(Map.of("JesqueNoop", JesqueNoop.class))), Integer.parseInt(args[3]));
        pool.run();
        while (JesqueNoop.COUNT.get() < jobs) {
            Thread.sleep(10);
        }
        pool.end(false);
        pool.join(10_000);
        System.out.println(JesqueNoop.COUNT.get() + " " + (JesqueNoop.LAST_FINISH.get() - JesqueNoop.FIRST_START.get())
                + " " + peakRssKib());
        System.exit(0);
    }

    static long peakRssKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }
}
