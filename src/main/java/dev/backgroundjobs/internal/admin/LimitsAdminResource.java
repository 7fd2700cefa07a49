package dev.backgroundjobs.internal.admin;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import dev.backgroundjobs.internal.common.JsonText;
import dev.backgroundjobs.internal.limits.JobLimit;
import dev.backgroundjobs.internal.limits.JobLimits;
import dev.backgroundjobs.internal.redis.LimitStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.Optional;

/**
 * The rate and concurrency limits in the admin API ({@code api/limits}): each limit with its use now,
 * the jobs that wait on it and, while they wait, what for and until when.
 */
@Path("api/limits")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class LimitsAdminResource {

    /** Waiting jobs shown per limit: the first in line, enough to see what waits. */
    static final int WAITING_SHOWN = 10;

    @Context
    HttpServletRequest request;

    @Inject
    LimitStore limits;

    @Inject
    JobLimits jobLimits;

    @GET
    public Response limits() {
        AdminResource.requireGranted(request);
        Instant now = Instant.now();
        JsonArrayBuilder items = JSON.createArrayBuilder();
        for (LimitStore.LimitState limit : limits.state(WAITING_SHOWN)) {
            items.add(json(limit, Optional.ofNullable(jobLimits.byName().get(limit.jobName())), now));
        }
        return Response.ok(items.build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    static JsonObject json(LimitStore.LimitState limit, Optional<JobLimit> configured, Instant now) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("job", limit.jobName());
        nullable(json, "key", configured.flatMap(JobLimit::keyDescription).orElse(null));
        nullable(json, "value", limit.keyValue());
        if (limit.rate() > 0) {
            json.add("rate", JSON.createObjectBuilder().add("starts", limit.rate())
                    .add("periodMillis", limit.period().toMillis()).add("startsInWindow", limit.startsInWindow()));
        } else {
            json.addNull("rate");
        }
        if (limit.concurrency() > 0) {
            json.add("concurrency", JSON.createObjectBuilder().add("slots", limit.concurrency())
                    .add("running", limit.running()));
        } else {
            json.addNull("concurrency");
        }
        json.add("waiting", limit.waiting());
        // What the waiters wait for: a slot (until a run ends), the window (until the time it frees), or
        // nothing any more (the next fetch puts them back on their queue).
        String waitingFor = limit.waiting() == 0 ? null
                : limit.concurrency() > 0 && limit.running() >= limit.concurrency() ? "concurrency"
                : limit.rate() > 0 && limit.startsInWindow() >= limit.rate() ? "rate" : "queue";
        nullable(json, "waitingFor", waitingFor);
        nullable(json, "until", "rate".equals(waitingFor)
                ? limit.nextLook().map(wait -> now.plus(wait).toString()).orElse(null) : null);
        JsonArrayBuilder waiting = JSON.createArrayBuilder();
        for (String payload : limit.waitingPayloads()) {
            waiting.add(JsonText.object(payload).map(JsonValue.class::cast).orElse(JSON.createValue(payload)));
        }
        return json.add("waitingJobs", waiting).build();
    }

    private static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
