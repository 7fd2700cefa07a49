package dev.backgroundjobs.it.benchmark;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;

/**
 * The REST resource of both applications of the module's memory measure, the one with the module and
 * the one without it: it depends on nothing of the module, so the two differ only by the module's jars.
 */
@Path("/plain")
public class PlainResource {

    /** Touched once after a deployment, so that both have started JAX-RS and CDI for a request. */
    @GET
    @Path("/ping")
    public String ping() {
        return "pong";
    }

    /** A full collection, after which the JVM gives back heap that the deployment's start left as garbage. */
    @POST
    @Path("/collect")
    public void collect() {
        System.gc();
    }

    /** The REST application of the memory measure's deployments. */
    @ApplicationPath("/rest")
    public static class PlainApplication extends Application {
    }
}
