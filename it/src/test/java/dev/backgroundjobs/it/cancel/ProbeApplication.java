package dev.backgroundjobs.it.cancel;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The test's own resources, beside the module's admin API. */
@ApplicationPath("probe")
public class ProbeApplication extends Application {
}
