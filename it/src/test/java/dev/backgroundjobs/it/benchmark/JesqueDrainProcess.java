package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.it.support.LibertyProcess;

import dev.backgroundjobs.it.support.Await;
import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import net.greghaines.jesque.worker.MapBasedJobFactory;
import net.greghaines.jesque.worker.WorkerImpl;
import net.greghaines.jesque.worker.WorkerPool;

import java.time.Duration;
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
        Config config = new ConfigBuilder().withHost("127.0.0.1").withPort(Integer.parseInt(args[0]))
                .withNamespace(args[1]).build();
        drain(config, Integer.parseInt(args[3]), Integer.parseInt(args[2]));
        System.out.println(JesqueNoop.COUNT.get() + " " + (JesqueNoop.LAST_FINISH.get() - JesqueNoop.FIRST_START.get())
                + " " + LibertyProcess.statusKib("self", "VmHWM:"));
        System.exit(0);
    }

    /** Runs a Jesque {@code WorkerPool} of {@code concurrency} workers on queue "bench" until {@code jobs} jobs ran. */
    static void drain(Config config, int concurrency, int jobs) throws Exception {
        JesqueNoop.reset();
        WorkerPool pool = new WorkerPool(() -> new WorkerImpl(config, List.of("bench"),
                new MapBasedJobFactory(Map.of("JesqueNoop", JesqueNoop.class))), concurrency);
        pool.run();
        try {
            Await.until("Jesque's jobs ran", Duration.ofMinutes(5), () -> JesqueNoop.COUNT.get() >= jobs);
        } finally {
            pool.end(false);
            pool.join(10_000);
        }
    }
}
