package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.common.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Read-only views of the Resque data for operators: queues, workers, totals, delayed and retrying
 * jobs, and runs per minute. Each view costs one or two pipelined round trips, whatever its size.
 */
@ApplicationScoped
public class RedisInspector {

    @Inject
    RedisConnection connection;

    @Inject
    Keys keys;

    @Inject
    WrongTypeKeys wrongTypeKeys;

    /**
     * A queue, its length and when its oldest job was queued (if its payload says); {@code wrongType}
     * is the type its key holds when that is not a list (it then counts as empty).
     */
    public record QueueInfo(String name, long size, Optional<Instant> oldestQueuedAt, Optional<String> wrongType) {
    }

    /**
     * A registered worker as Resque describes it: {@code job} is the raw {@code worker:ID} JSON of
     * the job it runs, or null when idle; times are as the worker wrote them.
     */
    public record WorkerInfo(String id, String host, String pid, List<String> queues, String startedAt,
            String heartbeat, long processed, long failed, String job) {
    }

    /** Resque's totals and the sizes of the lists and sets operators watch. */
    public record Totals(long processed, long failed, long failedJobs, long delayed, long retrying) {
    }

    /** A job waiting for a time: its payload as stored and when it is due. */
    public record Waiting(Instant due, String payload) {
    }

    /** Runs that ended in one minute, and how many of them failed. */
    public record Minute(Instant start, long processed, long failed) {
    }

    public List<QueueInfo> queues() {
        List<String> names = new ArrayList<>(new TreeSet<>(members(keys.queues())));
        List<Response<Long>> sizes = new ArrayList<>();
        List<Response<String>> heads = new ArrayList<>();
        try (AbstractPipeline pipeline = connection.client().pipelined()) {
            for (String name : names) {
                sizes.add(pipeline.llen(keys.queue(name)));
                heads.add(pipeline.lindex(keys.queue(name), 0));
            }
            pipeline.sync();
        }
        List<QueueInfo> queues = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String key = keys.queue(names.get(i));
            try {
                queues.add(new QueueInfo(names.get(i), sizes.get(i).get(), queuedAt(heads.get(i).get()), Optional.empty()));
                wrongTypeKeys.fine(key);
            } catch (JedisDataException e) {
                // Only this queue's answers are errors; the others of the pipeline stand.
                String type = connection.client().type(key);
                wrongTypeKeys.found(key, type, "list");
                queues.add(new QueueInfo(names.get(i), 0, Optional.empty(), Optional.of(type)));
            }
        }
        return queues;
    }

    public List<WorkerInfo> workers() {
        List<String> ids = new ArrayList<>(new TreeSet<>(members(keys.workers())));
        Map<String, String> heartbeats = heartbeats();
        List<List<Response<String>>> details = new ArrayList<>();
        try (AbstractPipeline pipeline = connection.client().pipelined()) {
            for (String id : ids) {
                details.add(List.of(pipeline.get(keys.worker(id)), pipeline.get(keys.worker(id) + ":started"),
                        pipeline.get(keys.prefix() + "stat:processed:" + id),
                        pipeline.get(keys.prefix() + "stat:failed:" + id)));
            }
            pipeline.sync();
        }
        List<WorkerInfo> workers = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            List<Response<String>> detail = details.get(i);
            String[] parts = id.split(":", 3);
            workers.add(new WorkerInfo(id, parts[0], parts.length > 1 ? parts[1] : "", queuesOf(id), text(detail.get(1)),
                    heartbeats.get(id), count(text(detail.get(2))), count(text(detail.get(3))), text(detail.get(0))));
        }
        return workers;
    }

    /**
     * The queue list of a worker id: Resque's id is host:pid:queues, where neither the host nor a
     * queue name holds ':'.
     */
    public static List<String> queuesOf(String workerId) {
        String[] parts = workerId.split(":", 3);
        return parts.length > 2 ? List.of(parts[2].split(",")) : List.of();
    }

    /** Worker ids with their heartbeats, the least a liveness judgement needs. */
    public Map<String, Optional<String>> workerHeartbeats() {
        List<String> ids = new ArrayList<>(members(keys.workers()));
        Map<String, String> heartbeats = heartbeats();
        Map<String, Optional<String>> result = new TreeMap<>();
        ids.forEach(id -> result.put(id, Optional.ofNullable(heartbeats.get(id))));
        return result;
    }

    public Totals totals() {
        Response<String> processed;
        Response<String> failed;
        Response<Long> failedJobs;
        Response<Long> delayed;
        Response<Long> retrying;
        try (AbstractPipeline pipeline = connection.client().pipelined()) {
            processed = pipeline.get(keys.prefix() + "stat:processed");
            failed = pipeline.get(keys.prefix() + "stat:failed");
            failedJobs = pipeline.llen(keys.failed());
            delayed = pipeline.hlen(keys.delayedIndex());
            retrying = pipeline.zcard(keys.retries());
            pipeline.sync();
        }
        return new Totals(count(text(processed)), count(text(failed)), size(failedJobs), size(delayed), size(retrying));
    }

    /**
     * Delayed jobs in due order, from resque-scheduler's schedule (so those of Ruby producers show
     * too), with the total count.
     */
    public Page<Waiting> delayed(long offset, int limit) {
        List<String> timestamps = connection.client().zrange(keys.delayedSchedule(), 0, -1);
        List<Response<Long>> sizes = new ArrayList<>();
        try (AbstractPipeline pipeline = connection.client().pipelined()) {
            timestamps.forEach(timestamp -> sizes.add(pipeline.llen(keys.delayedAt(timestamp))));
            pipeline.sync();
        }
        long total = sizes.stream().mapToLong(Response::get).sum();
        List<Waiting> items = new ArrayList<>();
        long skip = offset;
        for (int i = 0; i < timestamps.size() && items.size() < limit; i++) {
            long size = sizes.get(i).get();
            if (skip >= size) {
                skip -= size;
                continue;
            }
            Instant due = Instant.ofEpochSecond(Long.parseLong(timestamps.get(i)));
            for (String payload : connection.client().lrange(keys.delayedAt(timestamps.get(i)), skip,
                    skip + limit - items.size() - 1)) {
                items.add(new Waiting(due, payload));
            }
            skip = 0;
        }
        return new Page<>(total, items);
    }

    /** Failed runs waiting for their retry, soonest first, with the total count. */
    public Page<Waiting> retrying(long offset, int limit) {
        long total = connection.client().zcard(keys.retries());
        List<Waiting> items = new ArrayList<>();
        for (Tuple entry : connection.client().zrangeWithScores(keys.retries(), offset, offset + limit - 1)) {
            items.add(new Waiting(Instant.ofEpochMilli((long) entry.getScore()), entry.getElement()));
        }
        return new Page<>(total, items);
    }

    /** One page of a longer list, and how long the whole list is. */
    public record Page<T>(long total, List<T> items) {
    }

    /** Runs per minute for the last {@code minutes} minutes, oldest first, the current minute last. */
    public List<Minute> throughput(int minutes, Instant now) {
        long current = now.getEpochSecond() / 60;
        List<String> names = new ArrayList<>(2 * minutes);
        for (long minute = current - minutes + 1; minute <= current; minute++) {
            names.add(keys.minuteCount("processed", minute));
            names.add(keys.minuteCount("failed", minute));
        }
        List<String> counts = connection.client().mget(names.toArray(String[]::new));
        List<Minute> series = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            series.add(new Minute(Instant.ofEpochSecond((current - minutes + 1 + i) * 60), count(counts.get(2 * i)),
                    count(counts.get(2 * i + 1))));
        }
        return series;
    }

    /**
     * The members of a set of Resque's; none when another program made the key something else (it
     * is then reported), so that one foreign key cannot make every view fail.
     */
    private Set<String> members(String key) {
        try {
            return connection.client().smembers(key);
        } catch (JedisDataException e) {
            wrongTypeKeys.found(key, connection.client().type(key), "set");
            return Set.of();
        }
    }

    private Map<String, String> heartbeats() {
        String key = keys.heartbeats();
        try {
            return connection.client().hgetAll(key);
        } catch (JedisDataException e) {
            wrongTypeKeys.found(key, connection.client().type(key), "hash");
            return Map.of();
        }
    }

    /** A pipelined string answer, or null when the key holds another type. */
    private static String text(Response<String> answer) {
        try {
            return answer.get();
        } catch (JedisDataException e) {
            return null;
        }
    }

    /** A pipelined size, or 0 when the key holds another type. */
    private static long size(Response<Long> answer) {
        try {
            return answer.get();
        } catch (JedisDataException e) {
            return 0;
        }
    }

    /** The {@code queue_time} of a payload, if it is JSON and has one. */
    private static Optional<Instant> queuedAt(String payload) {
        return payload == null ? Optional.empty()
                : JsonText.object(payload).flatMap(job -> JsonText.epochSeconds(job.get("queue_time")));
    }

    private static long count(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
