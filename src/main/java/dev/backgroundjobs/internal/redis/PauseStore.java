package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.common.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Pauses of queues and job names for every server sharing the namespace, kept in Redis (pause.lua
 * writes them, fetch.lua reads them on each fetch, so a pause holds on every server from its next fetch
 * on and survives restarts). A job of a paused name is set aside by fetch.lua and put back at the head
 * of its queue on resume.
 */
@ApplicationScoped
public class PauseStore {

    private static final LuaScript PAUSE = LuaScript.load("pause.lua");
    private static final LuaScript RESUME = LuaScript.load("resume.lua");

    /** Which pauses a call is about. */
    public enum Kind { QUEUE, JOB }

    @Inject
    RedisConnection connection;

    @Inject
    Keys keys;

    /** A pause: what, who asked (the admin user), when by Redis's clock, and the jobs it holds back. */
    public record Pause(String name, String by, Optional<Instant> at, long held) {
    }

    /** The paused queues and job names, each sorted by name. */
    public record Paused(List<Pause> queues, List<Pause> jobs) {

        public boolean queuePaused(String queue) {
            return queues.stream().anyMatch(pause -> pause.name().equals(queue));
        }
    }

    /** Pauses a queue or job name on every server; false when it was paused already (its record stays). */
    public boolean pause(Kind kind, String name, String by) {
        return Long.valueOf(1).equals(PAUSE.run(connection.client(), ScriptCall.builder()
                .keys(keys.forPause(kind == Kind.QUEUE)).arg(name).arg(by).build()));
    }

    /**
     * Resumes a queue or job name on every server and wakes idle workers; empty when it was not paused,
     * else how many held jobs of the name went back to their queues (0 for a queue).
     */
    public OptionalLong resume(Kind kind, String name) {
        long answer = (Long) RESUME.run(connection.client(), ScriptCall.builder()
                .keys(keys.forResume(kind == Kind.QUEUE, name)).arg(kind == Kind.QUEUE ? "queue" : "job").arg(name)
                .arg(Integer.toString(QueueStore.MAX_WAKE_TOKENS)).build());
        return answer < 0 ? OptionalLong.empty() : OptionalLong.of(answer);
    }

    /** Every pause, with the held jobs of each job name: one pipelined round trip plus one for the counts. */
    public Paused paused() {
        Map<String, String> queues;
        Map<String, String> jobs;
        try (AbstractPipeline pipeline = connection.client().pipelined()) {
            Response<Map<String, String>> queueReply = pipeline.hgetAll(keys.pausedQueues());
            Response<Map<String, String>> jobReply = pipeline.hgetAll(keys.pausedJobs());
            pipeline.sync();
            queues = new TreeMap<>(queueReply.get());
            jobs = new TreeMap<>(jobReply.get());
        }
        Map<String, Response<Long>> held = new TreeMap<>();
        if (!jobs.isEmpty()) {
            try (AbstractPipeline pipeline = connection.client().pipelined()) {
                jobs.keySet().forEach(name -> held.put(name, pipeline.llen(keys.held(name))));
                pipeline.sync();
            }
        }
        List<Pause> queuePauses = new ArrayList<>(queues.size());
        queues.forEach((name, record) -> queuePauses.add(pause(name, record, 0)));
        List<Pause> jobPauses = new ArrayList<>(jobs.size());
        jobs.forEach((name, record) -> jobPauses.add(pause(name, record, held.get(name).get())));
        return new Paused(List.copyOf(queuePauses), List.copyOf(jobPauses));
    }

    private static Pause pause(String name, String record, long held) {
        Optional<JsonObject> json = JsonText.object(record);
        String by = json.map(object -> JsonText.string(object, "by")).orElse(null);
        Optional<Instant> at = json.map(object -> JsonText.string(object, "at")).flatMap(PauseStore::instant);
        return new Pause(name, by == null ? "" : by, at, held);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
