package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.internal.config.StatusTracking;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobCatalogTest {

    @BackgroundJob(trackStatus = true)
    public static class TrackedReport {
        public void perform() {
        }
    }

    @BackgroundJob
    public static class Cleanup {
        public void perform() {
        }
    }

    private static JobCatalog catalog(StatusTracking configured) {
        JobDefinition tracked = JobDefinitionReader.read(TrackedReport.class).definition();
        JobDefinition plain = JobDefinitionReader.read(Cleanup.class).definition();
        return new JobCatalog(Map.of(tracked.name(), tracked, plain.name(), plain),
                Map.of(TrackedReport.class, tracked, Cleanup.class, plain), List.of(), configured);
    }

    @Test
    void aJobTracksItsStatusOnlyWhenItsAnnotationOrTheConfigurationAsks() {
        JobCatalog catalog = catalog(StatusTracking.NONE);
        assertTrue(catalog.tracksStatus("TrackedReport"));
        assertFalse(catalog.tracksStatus("Cleanup"));
        assertFalse(catalog.tracksStatus("Mail_Welcome"));
    }

    @Test
    void theConfigurationAddsDeployedAndForeignJobsButTakesNoAnnotatedOneAway() {
        JobCatalog catalog = catalog(new StatusTracking(false, Set.of("Cleanup", "Mail_Welcome")));
        assertTrue(catalog.tracksStatus("TrackedReport"));
        assertTrue(catalog.tracksStatus("Cleanup"));
        assertTrue(catalog.tracksStatus("Mail_Welcome"));
        assertFalse(catalog.tracksStatus("Other"));
    }
}
