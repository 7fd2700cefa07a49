package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.outbox.OutboxRow;
import dev.backgroundjobs.internal.outbox.OutboxStore;
import dev.backgroundjobs.internal.outbox.OutboxBacklog;
import dev.backgroundjobs.internal.payload.MalformedPayloadException;
import dev.backgroundjobs.internal.payload.Payload;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.Keys;
import dev.backgroundjobs.internal.redis.QueueStore;
import dev.backgroundjobs.internal.redis.RedisClock;
import dev.backgroundjobs.internal.redis.ReplicasBehindException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The housekeeper's part of the outbox, on every server: sends the rows that the committing server
 * did not (Redis was down, the server died), oldest first, each taken under a lease so that two relays
 * do not send the same row; and warns when rows wait longer than they should. A row is taken only once
 * it is older than {@code relay-after}, so a commit's own fast send is not raced; should it be raced
 * all the same (a clock ahead, a transaction that ran long), Redis drops the second send of a job.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
    private static final int BATCH = 500;
    /** Far longer than sending and deleting a batch takes; a relay that dies holding rows delays them this long. */
    private static final Duration LEASE = Duration.ofSeconds(60);

    @Inject
    OutboxStore outbox;

    @Inject
    JobSender sender;

    @Inject
    UnsentJobs unsent;

    @Inject
    QueueStore queues;

    @Inject
    Keys keys;

    @Inject
    JobCatalog catalog;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    RedisClock clock;

    private final String owner = UUID.randomUUID().toString();
    private Instant nextRelay = Instant.MIN;
    private Instant nextBacklogCheck = Instant.MIN;
    private boolean relayFailing;
    private boolean warned;

    /**
     * Sends what waits, at most once per heartbeat interval unless a full batch was sent; a Redis
     * failure is thrown, for the housekeeper's outage report.
     */
    public synchronized void relay(BooleanSupplier stopping) {
        Instant now = Instant.now();
        if (!outbox.enabled() || now.isBefore(nextRelay)) {
            return;
        }
        nextRelay = now.plus(config.heartbeatInterval());
        try {
            outbox.prepare();
            queues.trimOutboxSends(config.statusTtl());
            int sent = 0;
            int sentBefore = 0;
            int heldElsewhere = 0;
            List<OutboxRow> rows;
            do {
                rows = outbox.take(outbox.settings().relayAfter(), owner, LEASE, BATCH);
                if (rows.isEmpty()) {
                    break;
                }
                List<OutgoingJob> jobs = rows.stream().map(this::outgoing).toList();
                List<String> rowIds = rows.stream().map(OutboxRow::jobId).toList();
                List<String> ids;
                try {
                    ids = sender.sendOnce(jobs);
                } catch (JedisDataException refused) {
                    // Refused, so it would be refused again: recorded as failed, where it can be retried.
                    if (unsent.recordFromOutbox(jobs, refused, outbox.tableName())) {
                        outbox.delete(rowIds);
                    }
                    continue;
                } catch (ReplicasBehindException behind) {
                    LOG.warning(Messages.relayedJobsNotReplicated(behind.getMessage(), outbox.tableName()));
                    break;
                }
                for (int i = 0; i < ids.size(); i++) {
                    if (ids.get(i).equals(JobSender.SENT_BEFORE)) {
                        sentBefore++;
                    } else if (ids.get(i).equals(rowIds.get(i))) {
                        sent++;
                    } else {
                        heldElsewhere++;
                    }
                }
                outbox.delete(rowIds);
                queues.forgetOutboxSends(rowIds);
            } while (rows.size() == BATCH && !stopping.getAsBoolean());
            if (sent + sentBefore + heldElsewhere > 0) {
                LOG.info(Messages.outboxRelayed(sent, sentBefore, heldElsewhere, outbox.tableName()));
            }
            relayWorks();
        } catch (SQLException e) {
            relayFailed(e);
        }
    }

    /**
     * Warns, once per {@code warn-after}, while a row waits longer than that, whether Redis answers or
     * not (this reads the database only); says so when none does any more.
     */
    public synchronized void watchBacklog() {
        Instant now = Instant.now();
        if (!outbox.enabled() || now.isBefore(nextBacklogCheck)) {
            return;
        }
        nextBacklogCheck = now.plus(config.heartbeatInterval());
        Duration warnAfter = outbox.settings().warnAfter();
        try {
            outbox.prepare();
            OutboxBacklog backlog = outbox.backlog();
            Duration age = backlog.oldestAge(clock.now());
            if (age.compareTo(warnAfter) > 0) {
                LOG.warning(Messages.outboxGrowing(backlog.rows(), outbox.tableName(), age.toSeconds()));
                warned = true;
                nextBacklogCheck = now.plus(warnAfter);
            } else if (warned) {
                LOG.info(Messages.outboxCaughtUp(outbox.tableName()));
                warned = false;
            }
            relayWorks();
        } catch (SQLException e) {
            relayFailed(e);
        }
    }

    private void relayWorks() {
        if (relayFailing) {
            relayFailing = false;
            LOG.info(Messages.outboxRelayRecovered(outbox.tableName()));
        }
    }

    private void relayFailed(SQLException e) {
        if (!relayFailing) {
            relayFailing = true;
            LOG.warning(Messages.outboxRelayFailed(outbox.tableName(), outbox.settings().dataSource(), e.getMessage()));
        }
    }

    /** A row as a job to send; its JobEnqueued event carries the arguments as JSON, the objects being long gone. */
    private OutgoingJob outgoing(OutboxRow row) {
        String jobName = "";
        List<Object> arguments = List.of();
        try {
            Payload payload = PayloadCodec.decode(row.payload().getBytes(StandardCharsets.UTF_8), config.payloadLimits());
            jobName = payload.jobName();
            arguments = new ArrayList<>(payload.args());
        } catch (MalformedPayloadException e) {
            // Sent all the same: a worker records it in the failed list with the reason, where it can be seen.
        }
        String statusKey = catalog.tracksStatus(jobName) ? keys.status(row.jobId(), null) : null;
        return new OutgoingJob(row.toPayload(statusKey),
                new JobEnqueued(row.jobId(), jobName, row.queue(), List.copyOf(arguments), Optional.ofNullable(row.runAt())));
    }
}
