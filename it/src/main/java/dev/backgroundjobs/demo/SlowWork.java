package dev.backgroundjobs.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Stands in for the slow part of each job (a cache rebuild, an SMTP call, a recommendation query)
 * and keeps a log of what ran, which the demo page shows.
 */
@ApplicationScoped
public class SlowWork {

    private static final Logger LOG = Logger.getLogger(SlowWork.class.getName());

    @Inject
    @ConfigProperty(name = "demo.job-millis", defaultValue = "1500")
    long jobMillis;

    private final List<Activity> log = new ArrayList<>();

    public void perform(String job, String detail) throws InterruptedException {
        Instant started = Instant.now();
        Thread.sleep(jobMillis);
        Activity done = new Activity(job, detail, started, Instant.now(), Thread.currentThread().getName());
        synchronized (log) {
            log.add(done);
        }
        LOG.info("demo job done: " + done);
    }

    public List<Activity> activities() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** One finished job. */
    public record Activity(String job, String detail, Instant started, Instant finished, String thread) {
    }
}
