package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobState;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What waits for its time: retries and delayed jobs (moved to their queues when due, by Redis's clock)
 * and the runs of recurring jobs (each scheduled time queued once, whatever the number of servers).
 */
@ApplicationScoped
public class ScheduleStore {

    /** Retries promoted per call, so one call never holds Redis long. */
    public static final int PROMOTE_BATCH = 500;

    /** The housekeeper moves due retries and due delayed jobs in one round trip. */
    private static final LuaScript PROMOTE_DUE = LuaScript.both("promote_retries.lua", "promote_delayed.lua");
    private static final LuaScript CANCEL_DELAYED = LuaScript.load("cancel_delayed.lua");
    private static final LuaScript FIRE_RECURRING = LuaScript.load("fire_recurring.lua");
    /** resque-scheduler's master lock lasts 3 minutes; ours is renewed every second, so it can be short. */
    private static final Duration SCHEDULER_LOCK = Duration.ofSeconds(15);
    /**
     * How long past its due time a delayed job's {@code timestamps:PAYLOAD} set is kept: peers look a
     * job up in it only while it waits, and a mover that does not remove it leaves it to expire.
     */
    static final Duration TIMESTAMPS_KEPT = Duration.ofDays(7);
    /**
     * A delayed job this long past due that is no longer waiting, but was not moved by this module, was
     * moved by a peer scheduler (which drops its id): its index entry goes and its status becomes queued.
     */
    static final Duration PEER_MOVE_GRACE = Duration.ofMinutes(1);

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    RedisClock clock;

    @Inject
    Keys keys;

    private byte[] statusTtl;

    @PostConstruct
    void init() {
        statusTtl = Long.toString(config.statusTtl().toSeconds()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Moves the retries that are due to their queues, and the delayed jobs that are due unless a
     * resque-scheduler master holds its lock, in one call. The delayed part's {@code nextDue} is
     * empty when none is waiting or when another scheduler is master.
     */
    public DuePromoted promoteDue(String lockValue) {
        ScriptCall retries = RequeueCall.of(statusTtl, keys.forPromoteRetries(), JobState.QUEUED, Integer.toString(PROMOTE_BATCH));
        ScriptCall delayed = RequeueCall.of(statusTtl, keys.forPromoteDelayed(), JobState.QUEUED, Integer.toString(PROMOTE_BATCH),
                lockValue, Long.toString(SCHEDULER_LOCK.toSeconds()), Long.toString(PEER_MOVE_GRACE.toSeconds()),
                Long.toString(TIMESTAMPS_KEPT.toSeconds()));
        List<?> reply = (List<?>) PROMOTE_DUE.run(connection.client(), retries, delayed);
        Instant now = Instant.now();
        List<?> redisTime = (List<?>) reply.get(2);
        Instant redisNow = Instant.ofEpochSecond(Long.parseLong(ScriptReplies.text(redisTime.get(0))),
                Long.parseLong(ScriptReplies.text(redisTime.get(1))) * 1_000);
        clock.observed(Duration.between(now, redisNow));
        return new DuePromoted(promoted(partAnswer(reply, 0), wait -> now.plusMillis(wait)),
                promoted(partAnswer(reply, 1), wait -> now.plusSeconds(wait)));
    }

    /**
     * One part's answer in the pair a composed script returns. A part that answers an error (a key of
     * the wrong type: that part wrote nothing) arrives as an element of the pair, thrown here.
     */
    static List<?> partAnswer(List<?> pair, int part) {
        Object answer = pair.get(part);
        if (answer instanceof JedisDataException error) {
            throw new JedisDataException(error.getMessage(), error);
        }
        return (List<?>) answer;
    }

    /**
     * What one {@link #promoteDue} moved, retries and delayed jobs. The call also tells {@link RedisClock}
     * how far Redis's clock is ahead of this server's, for what else is scheduled by it.
     */
    public record DuePromoted(Promoted retries, Promoted delayed) {

        /** Whether a batch was full, so more may be due. */
        public boolean more() {
            return retries.moved() == PROMOTE_BATCH || delayed.moved() == PROMOTE_BATCH;
        }
    }

    /** How many jobs a promotion moved, and when the next one is due. */
    public record Promoted(long moved, Optional<Instant> nextDue) {
    }

    /**
     * The reply of a promotion: how many moved, and the wait by Redis's clock until the next is due
     * ('' none, '-1' not ours to move), made a time of this server's clock by {@code dueAfter}: a wait
     * needs no clocks that agree.
     */
    private static Promoted promoted(List<?> reply, LongFunction<Instant> dueAfter) {
        String wait = ScriptReplies.text(reply.get(1));
        Optional<Instant> next = wait.isEmpty() || wait.equals("-1") ? Optional.empty()
                : Optional.of(dueAfter.apply(Long.parseLong(wait)));
        return new Promoted((Long) reply.get(0), next);
    }

    /** Cancels a delayed job that is not yet due; false when there is none with that id. */
    public boolean cancelDelayed(String jobId) {
        Instant now = Instant.now();
        return Long.valueOf(1).equals(CANCEL_DELAYED.run(connection.client(), ScriptCall.builder()
                .keys(keys.forCancelDelayed()).arg(StatusRecord.json(JobState.CANCELLED, now, now)).arg(statusTtl)
                .arg(jobId).build()));
    }

    /**
     * Queues the run of a recurring job for one scheduled time, unless some server did already;
     * {@code justCame} says the time has just come, {@code runMissed} whether an older one still runs.
     */
    public boolean fireRecurring(String name, Instant time, boolean justCame, boolean runMissed, QueuedPayload run) {
        return Long.valueOf(1).equals(FIRE_RECURRING.run(connection.client(), RequeueCall.of(statusTtl, 
                keys.forFireRecurring(name, run.queue(), run.statusKey()), JobState.QUEUED,
                Long.toString(time.getEpochSecond()), justCame ? "1" : "0", runMissed ? "1" : "0", run.queue(),
                run.payload())));
    }

    /** When a recurring job last ran, if ever. */
    public Optional<Instant> lastRecurringRun(String name) {
        String last = connection.client().hget(keys.recurring(name), "last_run");
        return last == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(last)));
    }
}
