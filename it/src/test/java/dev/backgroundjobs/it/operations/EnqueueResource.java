package dev.backgroundjobs.it.operations;

import dev.backgroundjobs.JobQueue;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Lets a client-side test enqueue through JobQueue. */
@Path("metered/{count}/{fail}")
@RequestScoped
public class EnqueueResource {

    @Inject
    JobQueue jobs;

    @POST
    public String enqueue(@PathParam("count") int count, @PathParam("fail") boolean fail) {
        for (int i = 0; i < count; i++) {
            jobs.enqueue(MeteredJob.class, fail);
        }
        return "enqueued " + count;
    }
}
