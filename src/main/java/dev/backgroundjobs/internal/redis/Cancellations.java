package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobState;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cancelling jobs in Redis: {@link #cancel} finds the job where it is (schedule, worker, queue) and
 * cancels it there in one atomic call per place; {@link #marked} tells a server which of its running
 * jobs were asked to stop. Each cancel keeps at most a status key and a mark, both expiring after the
 * status expiry, whatever the number of jobs.
 */
@ApplicationScoped
public class Cancellations {

    /**
     * Queue entries a cancel looks at, over all queues: enough for the backlog of most applications,
     * few enough that the scan holds Redis for milliseconds; a tracked job beyond them is marked instead.
     */
    public static final int SCAN_LIMIT = 10_000;

    private static final LuaScript CANCEL = LuaScript.load("cancel.lua");

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    ScheduleStore schedules;

    @Inject
    Keys keys;

    /** Where a cancel found the job, and so what it did. */
    public enum Found {
        /** A delayed job not yet due: taken off the schedule. */
        DELAYED,
        /** A worker runs it: asked to stop. */
        RUNNING,
        /** Waiting on its queue: taken off it. */
        REMOVED,
        /** Tracked and waiting where the scan did not reach: marked, so that no worker runs it. */
        MARKED,
        /** Nowhere: finished, expired, unknown, or untracked and beyond the scan. Nothing was written. */
        NONE
    }

    public Found cancel(String jobId) {
        if (schedules.cancelDelayed(jobId)) {
            // The schedule's cancel writes a tracked status only; the canceller of an untracked one looks too.
            Instant now = Instant.now();
            connection.client().set(keys.status(jobId, null), StatusRecord.json(JobState.CANCELLED, now, now),
                    SetParams.setParams().ex(config.statusTtl().toSeconds()));
            connection.client().incr(keys.unrunCount("cancelled"));
            return Found.DELAYED;
        }
        Object reply = CANCEL.run(connection.client(), ScriptCall.builder().keys(keys.forCancel(jobId)).arg(jobId)
                .arg(Long.toString(config.statusTtl().toSeconds())).arg(Integer.toString(SCAN_LIMIT)).build());
        String found = reply instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(reply);
        return switch (found) {
            case "running" -> Found.RUNNING;
            case "removed" -> Found.REMOVED;
            case "marked" -> Found.MARKED;
            default -> Found.NONE;
        };
    }

    /** Which of these jobs were asked to stop; one call however many. */
    public Set<String> marked(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Set.of();
        }
        List<String> ids = new ArrayList<>(jobIds);
        List<String> marks = connection.client().mget(ids.stream().map(keys::cancelRequest).toArray(String[]::new));
        Set<String> marked = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (marks.get(i) != null) {
                marked.add(ids.get(i));
            }
        }
        return marked;
    }
}
