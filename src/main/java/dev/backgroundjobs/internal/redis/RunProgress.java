package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The progress of running jobs, read in one call for the dashboard's workers panel, and the counts of
 * jobs that ended without running ({@code bgj:stat:cancelled}, {@code bgj:stat:expired}).
 */
@ApplicationScoped
public class RunProgress {

    @Inject
    RedisConnection connection;

    @Inject
    Keys keys;

    /** Job id to its last reported progress, for those of {@code jobIds} that reported any. */
    public Map<String, JobStatus.Progress> of(List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        List<String> records = connection.client().mget(jobIds.stream().map(keys::progress).toArray(String[]::new));
        Map<String, JobStatus.Progress> progress = new HashMap<>();
        for (int i = 0; i < jobIds.size(); i++) {
            JobStatus.Progress reported = ProgressRecord.parse(records.get(i));
            if (reported != null) {
                progress.put(jobIds.get(i), reported);
            }
        }
        return progress;
    }

    /** Jobs cancelled (before or while they ran) and jobs expired unstarted, since the counters began. */
    public record Unrun(long cancelled, long expired) {
    }

    public Unrun unrun() {
        List<String> counts = connection.client().mget(keys.unrunCount("cancelled"), keys.unrunCount("expired"));
        return new Unrun(count(counts.get(0)), count(counts.get(1)));
    }

    /** A counter anyone may have overwritten with text reads as 0, as Resque's stats do. */
    private static long count(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
