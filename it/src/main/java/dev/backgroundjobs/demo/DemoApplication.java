package dev.backgroundjobs.demo;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The demo's REST API lives under /api. */
@ApplicationPath("/api")
public class DemoApplication extends Application {
}
