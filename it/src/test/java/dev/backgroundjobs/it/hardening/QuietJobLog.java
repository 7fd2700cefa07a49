package dev.backgroundjobs.it.hardening;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the fuzz run's 50,000 "job dead" lines (one per invalid payload, as they should be) out of the
 * build's output while this deployment runs; the module's own SEVERE lines, loop deaths among them,
 * still reach messages.log, where the test counts them.
 */
@ApplicationScoped
public class QuietJobLog {

    private static final Logger JOBS = Logger.getLogger("dev.backgroundjobs.jobs");

    private Level before;

    void quiet(@Observes @Initialized(ApplicationScoped.class) Object started) {
        before = JOBS.getLevel();
        JOBS.setLevel(Level.SEVERE);
    }

    void restore(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        JOBS.setLevel(before);
    }
}
