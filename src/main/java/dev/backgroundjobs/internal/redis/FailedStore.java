package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobState;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Resque's failed list: reading it, retrying or deleting a record (checked against its text), adding records. */
@ApplicationScoped
public class FailedStore {

    private static final LuaScript RETRY_FAILED = LuaScript.load("retry_failed.lua");
    private static final LuaScript DELETE_FAILED = LuaScript.load("delete_failed.lua");

    @Inject
    RedisConnection connection;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    Keys keys;

    private byte[] statusTtl;

    @PostConstruct
    void init() {
        statusTtl = Long.toString(config.statusTtl().toSeconds()).getBytes(StandardCharsets.UTF_8);
    }

    /** The records of the failed list from {@code first} to {@code last} (inclusive, Redis indexes). */
    public List<String> records(long first, long last) {
        return connection.client().lrange(keys.failed(), first, last);
    }

    public long count() {
        return connection.client().llen(keys.failed());
    }

    /** Requeues the payload of the failed record at {@code index} if it still holds {@code record}. */
    public boolean retry(long index, String record, String queue, String payload, String statusKey) {
        return Long.valueOf(1).equals(RETRY_FAILED.run(connection.client(), RequeueCall.of(statusTtl, 
                keys.forRetryFailed(queue, statusKey), JobState.QUEUED, Long.toString(index), record, queue, payload)));
    }

    /** Deletes the failed record at {@code index} if it still holds {@code record}. */
    public boolean delete(long index, String record) {
        return Long.valueOf(1).equals(DELETE_FAILED.run(connection.client(), ScriptCall.builder()
                .keys(keys.forDeleteFailed()).arg(Long.toString(index)).arg(record).build()));
    }

    /** Appends failure records to Resque's failed list. */
    public void add(List<String> records) {
        connection.client().rpush(keys.failed(), records.toArray(String[]::new));
    }

    public void clear() {
        connection.client().del(keys.failed());
    }
}
