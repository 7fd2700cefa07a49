package dev.backgroundjobs.it.operations;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * An application's own JAX-RS application that takes every resource class of the WAR, as many do:
 * the module's admin resources are then also placed under it, and must answer 404 there.
 */
@ApplicationPath("app")
public class ProbeApplication extends Application {
}
