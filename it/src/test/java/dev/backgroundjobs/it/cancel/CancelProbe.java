package dev.backgroundjobs.it.cancel;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.Map;

/** Lets the client-side test enqueue and cancel through JobQueue and read what the jobs recorded. */
@Path("jobs")
@RequestScoped
public class CancelProbe {

    private static final Map<String, Class<?>> JOBS = Map.of("steps", StepsJob.class, "stubborn", StubbornJob.class,
            "stubborn-timed", StubbornTimedJob.class, "next", NextJob.class, "gate", GateJob.class,
            "record", RecordJob.class, "untracked", UntrackedRecordJob.class);

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;

    /** Enqueues job {@code kind} with {@code topic} (and {@code steps} for steps); answers its id. */
    @POST
    @Path("{kind}/{topic}")
    public Response enqueue(@PathParam("kind") String kind, @PathParam("topic") String topic,
            @QueryParam("steps") @DefaultValue("0") int steps, @QueryParam("expiresInMs") @DefaultValue("0") long expiresInMs,
            @QueryParam("inSeconds") @DefaultValue("0") long inSeconds) {
        Class<?> job = JOBS.get(kind);
        JobRequest request = kind.equals("steps") ? JobRequest.of(job, topic, steps) : JobRequest.of(job, topic);
        if (inSeconds > 0) {
            request = request.in(Duration.ofSeconds(inSeconds));
        }
        if (expiresInMs > 0) {
            request = request.expiresIn(Duration.ofMillis(expiresInMs));
        }
        try {
            return Response.ok(jobs.enqueue(request)).build();
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(e.getMessage()).build();
        }
    }

    @POST
    @Path("cancel/{id}")
    public String cancel(@PathParam("id") String id) {
        return Boolean.toString(jobs.cancel(id));
    }

    @POST
    @Path("open/{name}")
    public String open(@PathParam("name") String name) {
        recorder.gate(name).countDown();
        return "opened";
    }

    @GET
    @Path("recorded/{topic}")
    public String recorded(@PathParam("topic") String topic) {
        JsonArrayBuilder entries = Json.createArrayBuilder();
        recorder.entries(topic).forEach(entry -> entries.add(String.valueOf(entry)));
        return entries.build().toString();
    }
}
