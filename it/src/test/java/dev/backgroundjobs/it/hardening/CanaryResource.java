package dev.backgroundjobs.it.hardening;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;

/** Whether {@link Canary} was loaded in the server (its name is a constant, so this does not load it). */
@Path("/canary")
public class CanaryResource {

    @GET
    public String loaded() {
        return System.getProperty(Canary.LOADED, "false");
    }

    @ApplicationPath("/rest")
    public static class FuzzApplication extends Application {
    }
}
