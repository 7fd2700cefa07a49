package dev.backgroundjobs.demo;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Takes the demo's mail server down or brings it back. */
@Path("/mail-server")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MailServerResource {

    @Inject
    MailServer mailServer;

    @GET
    public State get() {
        return new State(mailServer.up());
    }

    @PUT
    public State set(State state) {
        mailServer.setUp(state.up());
        return get();
    }

    /** Whether the mail server is up. */
    public record State(boolean up) {
    }
}
