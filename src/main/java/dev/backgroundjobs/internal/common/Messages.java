package dev.backgroundjobs.internal.common;

/**
 * Every message the module shows a developer or operator, with a stable id. A message names the
 * thing that is wrong and how to fix it.
 */
public final class Messages {

    private Messages() {
    }

    // Job bean definitions (deployment)
    public static String noPerform(Class<?> job) {
        return "BGJ0001E: @BackgroundJob on " + job.getName()
                + ": perform(...) is missing; declare one public method named perform";
    }

    public static String severalPerform(Class<?> job, int count) {
        return "BGJ0002E: @BackgroundJob on " + job.getName() + ": " + count
                + " public methods are named perform; declare exactly one";
    }

    public static String staticPerform(Class<?> job) {
        return "BGJ0003E: @BackgroundJob on " + job.getName() + ": perform(...) is static; make it an instance method";
    }

    public static String unreadableParameter(Class<?> job, int position, String parameter, String reason) {
        return "BGJ0004E: @BackgroundJob on " + job.getName() + ": parameter " + position + " (" + parameter
                + ") of perform cannot be read from JSON with JSON-B: " + reason;
    }

    public static String internalTypeInjected(Class<?> internal, java.lang.reflect.Member into) {
        return "BGJ0106E: " + into.getDeclaringClass().getName() + "." + into.getName() + " injects "
                + internal.getName() + ", which is internal to background-jobs and may change or go away in any"
                + " release; inject JobQueue, FailedJobs, RecurringJobs or JobContext, or observe the events of"
                + " dev.backgroundjobs.event";
    }

    public static String queueNeeded(String jobName) {
        return "BGJ0109E: the job '" + jobName + "' is not one of this application's jobs, so its queue is not known;"
                + " name it with JobRequest.toQueue";
    }

    public static String noCurrentRun(String thread) {
        return "BGJ0107E: JobContext was used on thread " + thread + ", which runs no job; use it only while a job's"
                + " perform runs, on the thread that runs it";
    }

    public static String progressPercentOutOfRange(int percent) {
        return "BGJ0108E: progress " + percent + "% is not between 0 and 100";
    }

    public static String progressMessageTooLong(int length, int max) {
        return "BGJ0108E: a progress message of " + length + " characters is longer than " + max;
    }

    public static String duplicateJobName(String name, Class<?> first, Class<?> second) {
        return "BGJ0005E: @BackgroundJob on " + second.getName() + ": the job name '" + name
                + "' is already used by " + first.getName() + "; give one of them another name()";
    }

    public static String invalidJobName(Class<?> job, String name) {
        return "BGJ0006E: @BackgroundJob on " + job.getName() + ": the job name '" + name
                + "' is not valid; use a non-blank name without whitespace";
    }

    public static String invalidQueueName(Class<?> job, String queue) {
        return "BGJ0007E: @BackgroundJob on " + job.getName() + ": " + queueRule(queue);
    }

    private static String queueRule(String queue) {
        return "the queue name '" + queue + "' is not valid; use a non-blank name without whitespace, ',', ':' or '*'";
    }

    public static String invalidAnnotation(Class<?> job, String attribute, String value, String expected) {
        return "BGJ0008E: @BackgroundJob on " + job.getName() + ": " + attribute + " = \"" + value
                + "\" is not valid: expected " + expected;
    }

    public static String invalidUniqueKey(Class<?> job, String name, java.util.List<String> parameters) {
        return "BGJ0009E: @UniqueJob on " + job.getName() + ": key names '" + name
                + "', which is not a parameter of perform; the parameters are " + parameters;
    }

    public static String invalidSchedule(String job, String what, String value, String reason) {
        return "BGJ0011E: recurring job " + job + ": the " + what + " '" + value + "' is not valid: " + reason;
    }

    public static String jsonbUnavailable(String reason) {
        return "BGJ0012E: JSON-B is not available to check the arguments of recurring jobs (" + reason
                + "); enable the jsonb feature";
    }

    // Configuration (deployment)
    public static String invalidConfig(String key, String value, String expected) {
        return "BGJ0010E: configuration " + key + "='" + value + "' is not valid: expected " + expected;
    }

    public static String limitKeyWithoutLimit(String keyKey, String rateKey, String concurrencyKey) {
        return "BGJ0150E: configuration " + keyKey + " names the argument to count limits by, but the job has no limit;"
                + " set " + rateKey + " or " + concurrencyKey + ", or remove " + keyKey;
    }

    public static String limitsNotPublished(String reason) {
        return "BGJ0151W: the rate and concurrency limits could not be written to Redis (" + reason + "); jobs"
                + " run without them until the housekeeper's first heartbeat reaches Redis";
    }

    // Enqueue time
    public static String notAJob(Class<?> type) {
        return "BGJ0020E: " + type.getName() + " is not a @BackgroundJob bean of this application; "
                + "annotate it with @BackgroundJob and deploy it in a bean archive";
    }

    public static String wrongArgumentCount(String job, int expected, int given) {
        return "BGJ0021E: job " + job + ": perform takes " + expected + " argument" + (expected == 1 ? "" : "s")
                + " but " + given + (given == 1 ? " was" : " were") + " given";
    }

    public static String wrongArgumentType(String job, int position, String parameter, String expected,
            String given) {
        return "BGJ0022E: job " + job + ": parameter " + position + " (" + parameter + ") of perform expects "
                + expected + " but was given " + given;
    }

    public static String unserializableArgument(String job, int position, String reason) {
        return "BGJ0023E: job " + job + ": argument " + position + " cannot be written as JSON with JSON-B: " + reason;
    }

    public static String invalidQueue(String queue) {
        return "BGJ0024E: " + queueRule(queue);
    }

    public static String payloadTooLargeToSend(String job, String reason) {
        return "BGJ0091E: job " + job + " was not sent, no worker would read it: " + reason;
    }

    public static String sendFailed(int jobs, String reason) {
        return "BGJ0026E: " + jobs + " job(s) could not be sent to Redis, none of them was queued: " + reason;
    }

    // Written by the Lua scripts (their text is in the script, the id is kept here so it is not reused):
    // BGJ0027E enqueue.lua: a key of the wrong type, nothing sent;
    // BGJ0028E the requeueing scripts (lib/requeue.lua), resume.lua: a key of the wrong type, nothing moved;
    // BGJ0029E promote_retries.lua: a retry that is not JSON or names no queue, moved to the failed list;
    // BGJ0035E promote_delayed.lua: a delayed job that is not JSON or names no queue, moved to the failed list.

    // Failed jobs (admin)
    public static String notRetryable(long index, String reason) {
        return "BGJ0034E: the failed record at position " + index + " cannot be retried: " + reason
                + "; delete it, or push its payload to a queue by hand";
    }

    // Worker time: reasons recorded in the failed list
    public static String malformedPayload(String reason) {
        return "BGJ0030E: the payload is not a Resque job: " + reason;
    }

    public static String payloadTooLarge(String what) {
        return "BGJ0090E: the payload is past the module's limits and was not read: " + what;
    }

    public static String unknownJob(String name) {
        return "BGJ0031E: no @BackgroundJob named '" + name + "' is deployed in this application";
    }

    public static String unbindableArguments(String job, String reason) {
        return "BGJ0032E: the arguments of job " + job + " do not fit perform: " + reason;
    }

    public static String jobTimedOut(String job, java.time.Duration timeout) {
        return "BGJ0033E: job " + job + " ran longer than its timeout of " + timeout + " and was interrupted";
    }

    // Operations (log)
    public static String redisUnreachable(String worker, String reason) {
        return "BGJ0040W: worker " + worker + " cannot reach Redis (" + reason + "); retrying with back-off";
    }

    public static String redisRefused(String worker, String reason) {
        return "BGJ0093W: Redis refused a call of worker " + worker + " (" + reason + "); retrying with back-off";
    }

    public static String redisBack(String worker) {
        return "BGJ0041I: worker " + worker + " reaches Redis again";
    }

    public static String loopDied(String worker) {
        return "BGJ0042E: worker loop " + worker + " died; restarting it";
    }

    public static String lostAfterCommit(String payload) {
        return "BGJ0043E: a job enqueued in a committed transaction could not be sent to Redis before the "
                + "application stopped and is lost: " + payload;
    }

    public static String sendingLater(int jobs, String reason) {
        return "BGJ0053W: " + jobs + " job(s) of a committed transaction could not be sent to Redis (" + reason
                + "); sending them again until Redis takes them";
    }

    public static String unsentAfterCommit(String reason) {
        return "BGJ0097E: a job of a committed transaction was refused by Redis and not queued (" + reason
                + "); retry it once the cause is fixed";
    }

    public static String recordedUnsent(int jobs, String reason) {
        return "BGJ0098E: " + jobs + " job(s) of a committed transaction were refused by Redis (" + reason
                + ") and are kept in the failed list instead of their queues";
    }

    public static String recordingUnsentFailed(int jobs, String reason) {
        return "BGJ0099E: " + jobs + " job(s) of a committed transaction could be neither sent nor recorded in the "
                + "failed list (" + reason + "); each is logged below with its payload";
    }

    public static String pendingSendsFull(int jobs, int limit) {
        return "BGJ0068E: " + jobs + " job(s) of a committed transaction could not be sent and the buffer for late "
                + "sends is full (" + limit + " jobs, background-jobs.pending-sends.max-jobs); each is logged below "
                + "with its payload";
    }

    // Transactional outbox
    public static String outboxWriteFailed(int jobs, String table, String dataSource, String reason) {
        return "BGJ0113E: " + jobs + " job(s) could not be written to the outbox table " + table + " of data source "
                + dataSource + " (" + reason + "); nothing was enqueued, and the transaction can still be rolled back";
    }

    public static String outboxSendLater(int jobs, String table, String reason) {
        return "BGJ0110W: " + jobs + " job(s) of a committed transaction could not be sent to Redis (" + reason
                + "); they wait in the outbox table " + table + ", and the relay sends them once Redis answers (the jobs of"
                + " later commits that fail the same way are not logged one by one)";
    }

    public static String outboxSendingAgain(String table) {
        return "BGJ0119I: jobs of committed transactions reach Redis at once again; those left in the outbox table "
                + table + " are sent by the relay";
    }

    public static String outboxRelayed(int sent, int sentBefore, int heldElsewhere, String table) {
        return "BGJ0111I: The outbox relay sent " + sent + " committed job(s) from table " + table + " (" + sentBefore
                + " were already in Redis and were not sent again; " + heldElsewhere
                + " unique job(s) were dropped, as another job holds their key)";
    }

    public static String outboxGrowing(long rows, String table, long oldestSeconds) {
        return "BGJ0112W: " + rows + " committed job(s) wait in the outbox table " + table + ", the oldest for "
                + oldestSeconds + " s; they are sent once Redis and the database answer the relay";
    }

    public static String outboxCaughtUp(String table) {
        return "BGJ0118I: the outbox table " + table + " holds no job older than its warning limit any more";
    }

    public static String outboxRelayFailed(String table, String dataSource, String reason) {
        return "BGJ0114W: the outbox relay could not use table " + table + " of data source " + dataSource + ": "
                + reason + "; it tries again at every heartbeat";
    }

    public static String outboxRelayRecovered(String table) {
        return "BGJ0120I: the outbox relay reads table " + table + " again";
    }

    public static String outboxTableMissing(String table, String dataSource, java.util.List<String> ddl) {
        return "BGJ0115E: the outbox table " + table + " does not exist in data source " + dataSource
                + " and background-jobs.outbox.create-table is false; create it with: " + String.join("; ", ddl);
    }

    public static String recordingOutboxJobsFailed(int jobs, String table, String reason) {
        return "BGJ0121W: " + jobs + " committed job(s) that Redis refused could not be recorded in the failed list ("
                + reason + "); they stay in the outbox table " + table + " for the relay's next turn";
    }

    public static String outboxTableCreated(String table, String dataSource) {
        return "BGJ0116I: created the outbox table " + table + " in data source " + dataSource;
    }

    public static String outboxDataSourceMissing(String dataSource, String reason) {
        return "BGJ0117E: background-jobs.outbox.datasource names " + dataSource
                + ", which is not a DataSource this application can look up (" + reason + ")";
    }

    public static String sentLate(int jobs) {
        return "BGJ0054I: " + jobs + " job(s) of a committed transaction reached Redis late";
    }

    public static String prunedWorkerRequeued(String worker, long jobs) {
        return "BGJ0055W: worker " + worker + " stopped heart-beating and was removed; its " + jobs
                + " job(s) in flight went back to the head of their queue";
    }

    public static String prunedForeignWorkerFailed(String worker) {
        return "BGJ0055W: worker " + worker + " (not of this module) stopped heart-beating and was removed; the job it "
                + "was running is recorded as failed (Resque::DirtyExit) in the failed list, from where it can be retried";
    }

    public static String prunedWorkerIdle(String worker) {
        return "BGJ0055W: worker " + worker + " stopped heart-beating and was removed; it had no job in flight";
    }

    public static String prunedWorkerKept(String worker, long jobs) {
        return "BGJ0055W: worker " + worker + " stopped heart-beating and was removed; its " + jobs
                + " in-flight job(s) name no queue, so they stay in its in-flight list bgj:inflight:" + worker;
    }

    public static String pruneSummary(long requeued, long recordedAsFailed) {
        return "BGJ0056I: pruning dead workers put " + requeued + " job(s) back on their queues and recorded "
                + recordedAsFailed + " job(s) of foreign workers as failed";
    }

    public static String housekeepingFailed() {
        return "BGJ0057E: housekeeping (heartbeats, retries, pruning) failed; trying again in a second";
    }

    public static String registeredAgain(String worker) {
        return "BGJ0058W: worker " + worker + " of this server is alive but had been removed by another server or a "
                + "Resque worker, to which its heartbeat looked stale (a network cut or a pause longer than the worker "
                + "timeout); registered it again. The job it was running, if any, was put back on its queue or "
                + "recorded as failed there and may run twice";
    }

    public static String loopsStillRunning(int count, String grace) {
        return "BGJ0044W: " + count + " worker loop(s) did not finish within the shutdown grace period of " + grace
                + "; interrupting them, their jobs go back to their queues";
    }

    public static String executorRejected(String worker, String reason) {
        return "BGJ0045E: the executor rejected worker loop " + worker + ": " + reason;
    }

    public static String loopFailed(String worker) {
        return "BGJ0046E: worker loop " + worker + " failed";
    }

    public static String recoveredAtStart(String worker, long jobs) {
        return "BGJ0047I: worker " + worker + " put " + jobs + " job(s) left by its previous run back on their queues";
    }

    public static String requeuedAtStop(String worker, long jobs) {
        return "BGJ0048I: worker " + worker + " put " + jobs + " unfinished job(s) back on their queues";
    }

    public static String unregisterFailed(String worker) {
        return "BGJ0049W: worker " + worker + " could not unregister from Redis; "
                + "its unfinished job stays in its in-flight list until it is recovered";
    }

    public static String executorMissing(String jndiName, String reason) {
        return "BGJ0050E: no ManagedExecutorService at " + jndiName + " (" + reason + "); check "
                + "background-jobs.executor and the concurrent feature in server.xml";
    }

    public static String quarantined(int deaths) {
        return "BGJ0092E: a payload ended " + deaths + " worker loops and was recorded as failed instead of going "
                + "back to the head of its queue";
    }

    public static String quarantineFailed(String worker) {
        return "BGJ0069W: worker " + worker + " could not record in the failed list the payload that ended it "
                + "twice; it stays in flight and goes back to its queue when the worker unregisters";
    }

    public static String poolStarted(String pool, int loops, String queues) {
        return "BGJ0051I: worker pool " + pool + " started " + loops + " loop(s) on queues " + queues;
    }

    public static String wrongTypeKey(String key, String type, String expected) {
        return "BGJ0095W: " + key + " is a " + type + " where Resque keeps a " + expected + "; workers skip it and "
                + "the dashboard shows it empty until it is a " + expected + " again (another program wrote it: "
                + "Jesque's delayed enqueue, for one, turns queue keys into sorted sets)";
    }

    public static String wrongTypeKeyFixed(String key) {
        return "BGJ0096I: " + key + " holds what Resque keeps there again, or nothing";
    }

    // Operations
    public static String eventSinkFailed(String event, String jobId) {
        return "BGJ0060W: recording the " + event + " event of job " + jobId + " failed; the job is not affected";
    }

    public static String observerFailed(String event, String jobId) {
        return "BGJ0061W: an observer of the " + event + " event of job " + jobId
                + " threw an exception; the job and the other observers are not affected";
    }

    public static String poolPaused(String pool) {
        return "BGJ0062I: worker pool " + pool + " paused on this server; its loops take no jobs until it is resumed";
    }

    public static String poolResumed(String pool) {
        return "BGJ0063I: worker pool " + pool + " resumed on this server";
    }

    public static String queuePaused(String queue, String by) {
        return "BGJ0064I: queue " + queue + " paused on every server by " + by + "; its jobs stay queued until it is "
                + "resumed (Resque workers of other languages do not know this pause and still take them)";
    }

    public static String queueResumed(String queue, String by) {
        return "BGJ0065I: queue " + queue + " resumed on every server by " + by;
    }

    public static String jobNamePaused(String jobName, String by) {
        return "BGJ0122I: job " + jobName + " paused on every server by " + by + "; its jobs are set aside as workers "
                + "come to them, and go back to the head of their queues when it is resumed";
    }

    public static String jobNameResumed(String jobName, String by, long putBack) {
        return "BGJ0123I: job " + jobName + " resumed on every server by " + by + "; " + putBack
                + " job(s) set aside while it was paused went back to the head of their queues";
    }

    public static String unattendedQueue(String queue, long size) {
        return "BGJ0066W: queue " + queue + " holds " + size + " job(s) but no live worker listens to it; check the "
                + "queue name the producer uses and background-jobs.pool.NAME.queues of the servers";
    }

    public static String queueAttended(String queue) {
        return "BGJ0067I: queue " + queue + " has a live worker again, or is empty";
    }

    // Cancellation and expiry (issue 17, parts 6 and 8)
    public static String cancelInterrupted(String jobId, String jobName, java.time.Duration grace) {
        return "BGJ0140I: job " + jobId + " (" + jobName + ") was still running " + grace + " after its cancel request"
                + " was seen (background-jobs.cancel-grace); its thread is interrupted";
    }

    public static String cancelWatchFailed() {
        return "BGJ0143W: the cancel requests of this server's running jobs could not be read; runs asked to stop"
                + " are interrupted once they can be read again";
    }

    public static String expiresBeforeDue(String jobName, java.time.Instant deadline, java.time.Instant due) {
        return "BGJ0141E: job " + jobName + " would expire at " + deadline + ", before it is due at " + due
                + ", so it could never run; give it a deadline after its time";
    }

    // Batches and chains
    public static String chainNotContinued(String job, String reason) {
        return "BGJ0173E: job " + job + " succeeded, but its chain cannot go on to the next step: " + reason;
    }

    public static String batchInOutboxTransaction(String batchId) {
        return "BGJ0174E: batch " + batchId + " was enqueued inside a transaction while the transactional outbox is on"
                + " (background-jobs.outbox.enabled): the outbox relays jobs one by one and cannot send a batch as one;"
                + " enqueue the batch outside the transaction (after it commits)";
    }

    public static String notPlainInBatch(String batchId, String job, String what) {
        return "BGJ0175E: batch " + batchId + ": " + job + " is " + what + "; the jobs and callbacks of a batch run now"
                + " and are not unique jobs";
    }

    public static String chainStepNotAJob(int step, String job) {
        return "BGJ0176E: chain step " + step + " (" + job + ") is not a @BackgroundJob of this application; every"
                + " step of a chain is, since its result is passed on";
    }

    public static String chainStepNotPlain(int step, String job, String what) {
        return "BGJ0177E: chain step " + step + " (" + job + ") is " + what + "; the steps after the first run when"
                + " the one before succeeds, and are not unique jobs";
    }

    public static String chainResultDoesNotFit(int step, String job, String returned, String parameter) {
        return "BGJ0178E: chain step " + step + " (" + job + ") takes the previous step's result as its last"
                + " argument, of type " + parameter + ", but the previous step's perform returns " + returned;
    }

    public static String batchSendLost(String batchId, int jobs, String reason) {
        return "BGJ0179E: batch " + batchId + " of a committed transaction (" + jobs + " jobs) could not be sent: "
                + reason + "; its jobs go to the failed list one by one, without the batch, or where Redis cannot take"
                + " even that, to this log as lost";
    }

    // TLS to Redis (configuration, and the connection's handshake); no message prints a password

    public static String tlsKeyWithoutRediss(String key, String urlKey) {
        return "BGJ0180E: configuration " + key + " is set, but " + urlKey + " is not a rediss:// URL; TLS settings"
                + " apply only to rediss://";
    }

    public static String tlsKeyNeeds(String key, String missingKey) {
        return "BGJ0181E: configuration " + key + " is set without " + missingKey + "; set both";
    }

    public static String tlsKeysConflict(String key, String otherKey) {
        return "BGJ0182E: configuration " + key + " and " + otherKey + " are both set; the client certificate comes"
                + " either from a PEM certificate and key or from a key store, not both";
    }

    public static String tlsFileUnusable(String key, Object file, String reason) {
        return "BGJ0183E: configuration " + key + " names " + file + ", which cannot be used: " + reason;
    }

    public static String tlsHandshakeFailed(String reason, String caKey, String truststoreKey, String verifyHostKey) {
        return "BGJ0184E: the TLS handshake with Redis failed (" + reason + "): is the server's certificate signed by a"
                + " CA of " + caKey + " or " + truststoreKey + " (else the JVM's default CAs), and does it name the host"
                + " of the URL (unless " + verifyHostKey + "=false)?";
    }

    // Redis Sentinel and WAIT

    public static String followingSentinelMaster(String sentinel, String master) {
        return "BGJ0190I: Redis Sentinel: following " + sentinel + "; the master is " + master
                + " now, and a failover the sentinels announce moves the connections to the promoted replica";
    }

    public static String replicasBehind(int jobs, long acknowledged, int required, long timeoutMillis) {
        return "BGJ0191E: " + jobs + " job(s) were queued on the Redis master, but only " + acknowledged + " of the "
                + required + " replica(s) required by background-jobs.redis.wait-replicas acknowledged them within "
                + timeoutMillis + " ms, so a failover now may lose them; sending them again queues them twice if the"
                + " master survives";
    }

    public static String committedJobsNotReplicated(String reason) {
        return "BGJ0192W: jobs of a committed transaction: " + reason + "; they are not sent again";
    }

    public static String relayedJobsNotReplicated(String reason, String table) {
        return "BGJ0193W: jobs relayed from the outbox table " + table + ": " + reason + "; their rows stay and are"
                + " relayed again once their lease ends, so the master of then gets any that a failover lost (one it"
                + " still has is not queued twice)";
    }
}
