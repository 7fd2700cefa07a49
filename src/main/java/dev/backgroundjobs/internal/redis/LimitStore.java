package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.limits.JobLimit;
import dev.backgroundjobs.internal.limits.JobLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rate and concurrency limits in Redis (publish_limits.lua and limit_state.lua; fetch.lua and
 * finish.lua enforce them). A server publishes its application's limits, so every server's fetch
 * applies them, with the worker timeout as the lease of a concurrency slot: the slots of a server that
 * died come back once its workers would be pruned.
 */
@ApplicationScoped
public class LimitStore {

    private static final LuaScript PUBLISH_LIMITS = LuaScript.load("publish_limits.lua");
    private static final LuaScript LIMIT_STATE = LuaScript.load("limit_state.lua");

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    JobLimits jobLimits;

    @Inject
    Keys keys;

    /**
     * Writes this application's limits, and with {@code withdraw} removes those of its jobs that have
     * none here; also lets go the waiters whose limits allow it, should the idle worker meant to wake
     * for them be gone. Servers publish at every heartbeat (so a Redis that lost its data gets the
     * limits back) and withdraw only as they start: while servers whose configurations differ run side
     * by side, the limit holds, put back within a heartbeat, and it goes once no running server has it.
     */
    public void publish(boolean withdraw) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(jobLimits.byName().size())));
        for (JobLimit limit : jobLimits.byName().values()) {
            args.add(limit.jobName());
            args.add(limit.spec(config.workerTimeout()));
        }
        if (withdraw) {
            args.addAll(jobLimits.unlimited());
        }
        PUBLISH_LIMITS.run(connection.client(), ScriptCall.builder().keys(keys.forPublishLimits()).args(args).build());
    }

    /** Each limited job name's use now, per key value that has waiters for a limit per key. */
    public List<LimitState> state(int waitingShown) {
        List<?> reply = (List<?>) LIMIT_STATE.run(connection.client(), ScriptCall.builder().keys(keys.forLimitState())
                .arg(Integer.toString(waitingShown)).build());
        List<LimitState> states = new ArrayList<>(reply.size());
        for (Object item : reply) {
            List<?> entry = (List<?>) item;
            String[] spec = text(entry.get(1)).split(" ", 6);
            boolean known = spec.length >= 5;
            List<String> waiting = new ArrayList<>();
            for (int i = 7; i < entry.size(); i++) {
                waiting.add(text(entry.get(i)));
            }
            long due = Long.parseLong(text(entry.get(6)));
            states.add(new LimitState(text(entry.get(0)), known && !spec[4].equals("-1") ? text(entry.get(2)) : null,
                    known ? Integer.parseInt(spec[0]) : 0, known ? Duration.ofMillis(Long.parseLong(spec[1])) : Duration.ZERO,
                    known ? Integer.parseInt(spec[2]) : 0, ((Number) entry.get(3)).longValue(),
                    ((Number) entry.get(4)).longValue(), ((Number) entry.get(5)).longValue(),
                    due < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(due)), waiting));
        }
        return states;
    }

    /**
     * A limit's use in one bucket: {@code keyValue} is null for a limit per job name; {@code rate} and
     * {@code concurrency} 0 where that limit is not set; {@code nextLook} how soon the waiters are looked
     * at again (when the window frees, or the first lease lapses), empty when none wait or they wait
     * for a run to end.
     */
    public record LimitState(String jobName, String keyValue, int rate, Duration period, int concurrency, long running,
            long startsInWindow, long waiting, Optional<Duration> nextLook, List<String> waitingPayloads) {

        public LimitState {
            waitingPayloads = List.copyOf(waitingPayloads);
        }
    }

    private static String text(Object reply) {
        return reply instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
