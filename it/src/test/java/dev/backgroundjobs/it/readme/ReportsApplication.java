package dev.backgroundjobs.it.readme;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The application's REST API under /api. */
@ApplicationPath("api")
public class ReportsApplication extends Application {
}
