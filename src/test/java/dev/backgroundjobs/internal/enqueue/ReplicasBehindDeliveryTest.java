package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.JobEnqueueException;
import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.event.JobEvent;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.config.ConfigParser;
import dev.backgroundjobs.internal.config.OutboxSettings;
import dev.backgroundjobs.internal.config.StatusTracking;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.outbox.OutboxRow;
import dev.backgroundjobs.internal.lifecycle.JobEvents;
import dev.backgroundjobs.internal.outbox.OutboxStore;
import dev.backgroundjobs.internal.redis.BatchStore;
import dev.backgroundjobs.internal.redis.Keys;
import dev.backgroundjobs.internal.redis.QueueStore;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import dev.backgroundjobs.internal.redis.ReplicasBehindException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs the master queued but too few replicas acknowledged (wait-replicas): the caller of JobQueue is told,
 * and a send after a commit logs it and does not send the jobs again, which would queue them twice.
 */
class ReplicasBehindDeliveryTest {

    static final ReplicasBehindException BEHIND = new ReplicasBehindException(Messages.replicasBehind(1, 0, 1, 250));

    final List<String> log = new ArrayList<>();
    final List<Logger> watched = new ArrayList<>();
    final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final List<List<String>> sent = new ArrayList<>();
    final List<List<String>> recorded = new ArrayList<>();
    final List<RuntimeException> answers = new ArrayList<>();

    final JobSender sender = new JobSender() {
        @Override
        List<String> send(List<OutgoingJob> jobs) {
            if (!answers.isEmpty()) {
                throw answers.remove(0);
            }
            sent.add(PendingSendsTest.ids(jobs));
            return PendingSendsTest.ids(jobs);
        }
    };
    final UnsentJobs unsent = new UnsentJobs() {
        @Override
        void record(List<OutgoingJob> jobs, Exception reason) {
            recorded.add(PendingSendsTest.ids(jobs));
        }
    };

    void watch(Class<?> type) {
        Logger logger = Logger.getLogger(type.getName());
        logger.addHandler(handler);
        watched.add(logger);
    }

    @AfterEach
    void unwatch() {
        watched.forEach(logger -> logger.removeHandler(handler));
    }

    @Test
    void theCallerOutsideATransactionGetsTheExceptionAsItIs() {
        TransactionalDelivery delivery = delivery(new Transaction(Status.STATUS_NO_TRANSACTION));
        answers.add(BEHIND);

        JobEnqueueException thrown = assertThrows(JobEnqueueException.class, () -> delivery.deliver(PendingSendsTest.jobs("a")));

        assertSame(BEHIND, thrown, "not wrapped in BGJ0026E, which would say that nothing was queued");
        assertTrue(thrown.getMessage().startsWith("BGJ0191E: 1 job(s) were queued on the Redis master, but only 0 of the 1"
                + " replica(s) required by background-jobs.redis.wait-replicas acknowledged them within 250 ms"), thrown.getMessage());
    }

    @Test
    void aCommittedTransactionsJobsAreNotSentAgain() {
        watch(TransactionalDelivery.class);
        Transaction transaction = new Transaction(Status.STATUS_ACTIVE);
        TransactionalDelivery delivery = delivery(transaction);
        delivery.deliver(PendingSendsTest.jobs("a"));
        answers.add(BEHIND);

        transaction.end(Status.STATUS_COMMITTED);

        assertEquals(0, delivery.pendingSends.size(), "not kept to be sent again");
        assertEquals(List.of(), recorded);
        assertEquals(List.of("WARNING BGJ0192W: jobs of a committed transaction: " + BEHIND.getMessage()
                + "; they are not sent again"), log);
    }

    @Test
    void aLateSendThatReplicasDidNotAcknowledgeIsNotSentAgain() {
        watch(PendingSends.class);
        PendingSends pending = pendingSends();
        pending.add(PendingSendsTest.jobs("a"));
        pending.add(PendingSendsTest.jobs("b"));
        answers.add(BEHIND);

        pending.sendAll();

        assertEquals(0, pending.size());
        assertEquals(List.of(List.of("b")), sent, "the batch behind it is sent");
        assertEquals(List.of(), recorded);
        assertTrue(log.contains("WARNING BGJ0192W: jobs of a committed transaction: " + BEHIND.getMessage()
                + "; they are not sent again"), log::toString);
    }

    @Test
    void aCommittedBatchIsNeitherSentAgainNorRecordedAsFailed() {
        watch(BatchDelivery.class);
        Transaction transaction = new Transaction(Status.STATUS_ACTIVE);
        List<String> batchesSent = new ArrayList<>();
        BatchDelivery delivery = new BatchDelivery();
        delivery.transactions = transaction;
        delivery.outbox = new OutboxStore() {
            @Override
            public boolean enabled() {
                return false;
            }
        };
        delivery.batches = new BatchStore() {
            @Override
            public void enqueue(String batchId, List<QueuedPayload> jobs, QueuedPayload onSuccess, QueuedPayload onComplete) {
                batchesSent.add(batchId);
                throw BEHIND;
            }
        };
        delivery.unsent = unsent;
        delivery.events = new JobEvents() {
            @Override
            public void publish(JobEvent event) {
            }
        };
        OutgoingJob job = new OutgoingJob(new QueuedPayload("q", "{}", null, "j1", null, null, null),
                new JobEnqueued("j1", "A", "q", List.of(), Optional.empty()));
        delivery.deliver(new BatchDelivery.OutgoingBatch("b1", List.of(job), null, null));

        transaction.end(Status.STATUS_COMMITTED);

        assertEquals(List.of("b1"), batchesSent);
        assertEquals(List.of(), recorded, "not in the failed list: it is queued");
        assertEquals(List.of("WARNING BGJ0192W: jobs of a committed transaction: " + BEHIND.getMessage()
                + "; they are not sent again"), log);
    }

    @Test
    void theRelayKeepsTheOutboxRowsForALaterRelay() {
        watch(OutboxRelay.class);
        List<Collection<String>> deleted = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        OutboxRelay relay = new OutboxRelay();
        relay.config = ConfigParser.parse(key -> Optional.empty());
        relay.outbox = new OutboxStore() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public OutboxSettings settings() {
                return new OutboxSettings("jdbc/jobs", "bgj_outbox", false, Duration.ofSeconds(1), Duration.ofMinutes(1));
            }

            @Override
            public void prepare() {
            }

            @Override
            public List<OutboxRow> take(Duration age, String owner, Duration lease, int limit) {
                return List.of(new OutboxRow("r1", "resque", "q", "{\"class\":\"A\",\"args\":[],\"id\":\"r1\"}", null,
                        null, null, Instant.EPOCH));
            }

            @Override
            public int delete(Collection<String> jobIds) {
                deleted.add(jobIds);
                return jobIds.size();
            }

            @Override
            public String tableName() {
                return "bgj_outbox";
            }
        };
        relay.keys = new Keys("resque");
        relay.queues = new QueueStore() {
            @Override
            public void trimOutboxSends(Duration kept) {
            }

            @Override
            public void forgetOutboxSends(List<String> jobIds) {
                forgotten.addAll(jobIds);
            }
        };
        relay.catalog = new JobCatalog(Map.of(), Map.of(), List.of(), StatusTracking.NONE);
        relay.sender = new JobSender() {
            @Override
            List<String> sendOnce(List<OutgoingJob> jobs) {
                throw BEHIND;
            }
        };

        relay.relay(() -> false);

        assertEquals(List.of(), deleted, "the row stays, to be relayed again");
        assertEquals(List.of(), forgotten);
        assertEquals(List.of("WARNING BGJ0193W: jobs relayed from the outbox table bgj_outbox: " + BEHIND.getMessage()
                + "; their rows stay and are relayed again once their lease ends, so the master of then gets any that a"
                + " failover lost (one it still has is not queued twice)"), log);
    }

    private TransactionalDelivery delivery(Transaction transaction) {
        TransactionalDelivery delivery = new TransactionalDelivery();
        delivery.transactions = transaction;
        delivery.sender = sender;
        delivery.unsent = unsent;
        delivery.pendingSends = pendingSends();
        delivery.outbox = new OutboxStore() {
            @Override
            public boolean enabled() {
                return false;
            }
        };
        return delivery;
    }

    private PendingSends pendingSends() {
        PendingSends pending = new PendingSends();
        pending.config = ConfigParser.parse(key -> Optional.empty());
        pending.sender = sender;
        pending.unsent = unsent;
        return pending;
    }

    /** A transaction with a status, resources and synchronizations, which ends when the test says. */
    static final class Transaction implements TransactionSynchronizationRegistry {

        final List<Synchronization> synchronizations = new ArrayList<>();
        final Map<Object, Object> resources = new HashMap<>();
        int status;

        Transaction(int status) {
            this.status = status;
        }

        void end(int outcome) {
            status = outcome;
            synchronizations.forEach(sync -> sync.afterCompletion(outcome));
        }

        @Override
        public Object getTransactionKey() {
            return this;
        }

        @Override
        public void putResource(Object key, Object value) {
            resources.put(key, value);
        }

        @Override
        public Object getResource(Object key) {
            return resources.get(key);
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            synchronizations.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return status;
        }

        @Override
        public void setRollbackOnly() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }
}
