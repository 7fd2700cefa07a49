package dev.backgroundjobs.it.sentinel;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** How often each job id ran in this application, and when it first did. */
@ApplicationScoped
public class ProbeRuns {

    private record Runs(long firstMillis, int count) {
    }

    private final Map<String, Runs> runs = new ConcurrentHashMap<>();

    void ran(String jobId) {
        long now = System.currentTimeMillis();
        runs.merge(jobId, new Runs(now, 1), (before, again) -> new Runs(before.firstMillis(), before.count() + 1));
    }

    /** One line per job id: {@code id runs firstRunEpochMillis}. */
    String report() {
        StringBuilder report = new StringBuilder();
        runs.forEach((id, run) -> report.append(id).append(' ').append(run.count()).append(' ').append(run.firstMillis())
                .append('\n'));
        return report.toString();
    }
}
