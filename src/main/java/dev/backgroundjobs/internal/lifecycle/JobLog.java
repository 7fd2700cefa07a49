package dev.backgroundjobs.internal.lifecycle;

import dev.backgroundjobs.event.JobCancelled;
import dev.backgroundjobs.event.JobDead;
import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.event.JobEvent;
import dev.backgroundjobs.event.JobFailed;
import dev.backgroundjobs.event.JobRetried;
import dev.backgroundjobs.event.JobStarted;
import dev.backgroundjobs.event.JobSucceeded;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One structured line per job event on the logger {@code dev.backgroundjobs.jobs}, as
 * {@code key=value} pairs led by the job id, so a job's history can be found with one search.
 * Started, enqueued and succeeded log at FINE (they happen thousands of times a second). A failed
 * run logs one WARNING line, which says what comes next: a retry or the failed list (the failed event's
 * own line, with the same exception, is at FINE). Each line's level is the one its message id's letter
 * says.
 */
@ApplicationScoped
public class JobLog implements JobEventSink {

    static final Logger LOG = Logger.getLogger("dev.backgroundjobs.jobs");

    @Override
    public void accept(JobEvent event) {
        Level level = level(event);
        if (LOG.isLoggable(level)) {
            LOG.log(level, line(event));
        }
    }

    static Level level(JobEvent event) {
        return event instanceof JobDead || event instanceof JobRetried ? Level.WARNING : Level.FINE;
    }

    static String line(JobEvent event) {
        StringBuilder line = new StringBuilder(160);
        if (event instanceof JobEnqueued e) {
            start(line, "BGJ0100I", "enqueued", e).append(e.runAt().map(time -> " run_at=" + time).orElse(""));
        } else if (event instanceof JobStarted e) {
            start(line, "BGJ0101I", "started", e).append(" attempt=").append(e.attempt())
                    .append(" wait_ms=").append(e.queueWait().toMillis());
        } else if (event instanceof JobSucceeded e) {
            start(line, "BGJ0102I", "succeeded", e).append(" attempt=").append(e.attempt())
                    .append(" duration_ms=").append(e.duration().toMillis());
        } else if (event instanceof JobFailed e) {
            failure(start(line, "BGJ0103I", "failed", e).append(" attempt=").append(e.attempt())
                    .append(" duration_ms=").append(e.duration().toMillis()), e.failure());
        } else if (event instanceof JobRetried e) {
            failure(start(line, "BGJ0104W", "retry scheduled", e).append(" attempt=").append(e.attempt())
                    .append(" next_attempt_at=").append(e.nextAttemptAt()), e.failure());
        } else if (event instanceof JobDead e) {
            failure(start(line, "BGJ0105W", "dead", e).append(" attempts=").append(e.attempts()), e.failure());
        } else if (event instanceof JobCancelled e) {
            start(line, "BGJ0142I", "cancelled", e).append(" attempt=").append(e.attempt())
                    .append(" duration_ms=").append(e.duration().toMillis());
        }
        return line.toString();
    }

    private static StringBuilder start(StringBuilder line, String id, String what, JobEvent event) {
        line.append(id).append(": job ").append(what).append(": id=").append(event.jobId());
        pair(line, "name", event.jobName());
        pair(line, "queue", event.queue());
        return line;
    }

    private static StringBuilder failure(StringBuilder line, Throwable failure) {
        if (failure != null) {
            pair(line, "exception", failure.getClass().getName());
            pair(line, "error", String.valueOf(failure.getMessage()));
        }
        return line;
    }

    /** Values with spaces, quotes or '=' are quoted, so every line splits back into its pairs. */
    private static void pair(StringBuilder line, String key, String value) {
        line.append(' ').append(key).append('=');
        if (value != null && value.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || Character.isISOControl(c))) {
            line.append(value);
        } else if (value == null) {
            line.append("null");
        } else {
            line.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    .replace("\r", "\\r")).append('"');
        }
    }
}
