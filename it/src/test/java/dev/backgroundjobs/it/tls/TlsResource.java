package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.BatchStatus;
import dev.backgroundjobs.JobBatch;
import dev.backgroundjobs.JobChain;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The test's hands inside the application: each call is one operation of the module's API, over TLS to Redis. */
@Path("/tls")
@Produces(MediaType.TEXT_PLAIN)
public class TlsResource {

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;

    @GET
    @Path("/ready")
    public String ready() {
        return "ready";
    }

    @POST
    @Path("/enqueue")
    public String enqueue(@QueryParam("tag") String tag, @QueryParam("queue") String queue) {
        JobRequest request = JobRequest.of(PlainJob.class, tag);
        return jobs.enqueue(queue == null ? request : request.toQueue(queue));
    }

    @POST
    @Path("/delayed")
    public String delayed(@QueryParam("tag") String tag, @QueryParam("seconds") int seconds) {
        return jobs.enqueue(JobRequest.of(PlainJob.class, tag).in(Duration.ofSeconds(seconds)));
    }

    @POST
    @Path("/failing")
    public String failing(@QueryParam("tag") String tag) {
        return jobs.enqueue(FailingJob.class, tag);
    }

    @POST
    @Path("/failing/stop")
    public String stopFailing() {
        recorder.gate("failing-stops").countDown();
        return "stopped";
    }

    @POST
    @Path("/once")
    public String once(@QueryParam("key") String key) {
        return jobs.enqueue(OnceJob.class, key);
    }

    @POST
    @Path("/gate")
    public String gate(@QueryParam("name") String name) {
        return jobs.enqueue(GateJob.class, name);
    }

    @POST
    @Path("/gate/{name}/open")
    public String open(@PathParam("name") String name) {
        recorder.gate(name).countDown();
        return "open";
    }

    @GET
    @Path("/status/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public String status(@PathParam("id") String id) {
        Optional<JobStatus> status = jobs.status(id);
        JsonObjectBuilder json = Json.createObjectBuilder().add("found", status.isPresent());
        status.ifPresent(s -> {
            json.add("state", s.state().name());
            if (s.progress() != null) {
                json.add("percent", s.progress().percent()).add("message", s.progress().message());
            }
        });
        return json.build().toString();
    }

    @POST
    @Path("/cancel/{id}")
    public String cancel(@PathParam("id") String id) {
        return Boolean.toString(jobs.cancel(id));
    }

    @POST
    @Path("/batch")
    public String batch(@QueryParam("size") int size) {
        List<JobRequest> members = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            members.add(JobRequest.of(PlainJob.class, "batch-" + i));
        }
        return jobs.enqueueBatch(JobBatch.of(members).onSuccess(JobRequest.of(PlainJob.class, "batch-callback")));
    }

    @GET
    @Path("/batch/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public String batchStatus(@PathParam("id") String id) {
        Optional<BatchStatus> status = jobs.batchStatus(id);
        JsonObjectBuilder json = Json.createObjectBuilder().add("found", status.isPresent());
        status.ifPresent(s -> json.add("total", s.total()).add("succeeded", s.succeeded()).add("complete", s.complete()));
        return json.build().toString();
    }

    @POST
    @Path("/chain")
    public String chain(@QueryParam("word") String word) {
        return String.join(",", jobs.enqueueChain(JobChain.of(JobRequest.of(LengthStep.class, word))
                .then(ReportStep.class, "chain")));
    }

    @POST
    @Path("/slots")
    public String slots(@QueryParam("count") int count) {
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            requests.add(JobRequest.of(SlotJob.class, "slot-" + i));
        }
        return String.join(",", jobs.enqueueAll(requests));
    }

    @GET
    @Path("/recorded/{topic}")
    @Produces(MediaType.APPLICATION_JSON)
    public String recorded(@PathParam("topic") String topic) {
        JsonArrayBuilder entries = Json.createArrayBuilder();
        recorder.entries(topic).forEach(entry -> entries.add(String.valueOf(entry)));
        return entries.build().toString();
    }

    @ApplicationPath("rest")
    public static class TlsApplication extends Application {
    }
}
