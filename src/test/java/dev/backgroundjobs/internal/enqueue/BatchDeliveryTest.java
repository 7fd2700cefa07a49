package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.event.JobEvent;
import dev.backgroundjobs.internal.lifecycle.JobEvents;
import dev.backgroundjobs.internal.outbox.OutboxStore;
import dev.backgroundjobs.internal.redis.BatchStore;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch inside a transaction waits for the commit, and is refused while the outbox is on. */
class BatchDeliveryTest {

    final List<String> sent = new ArrayList<>();
    final List<JobEvent> announced = new ArrayList<>();
    final Transaction transaction = new Transaction();

    BatchDelivery delivery(boolean outboxOn) {
        BatchDelivery delivery = new BatchDelivery();
        delivery.transactions = transaction;
        delivery.outbox = new OutboxStore() {
            @Override
            public boolean enabled() {
                return outboxOn;
            }
        };
        delivery.batches = new BatchStore() {
            @Override
            public void enqueue(String batchId, List<QueuedPayload> jobs, QueuedPayload onSuccess, QueuedPayload onComplete) {
                sent.add(batchId + ":" + jobs.size() + (onComplete != null ? "+complete" : ""));
            }
        };
        delivery.events = new JobEvents() {
            @Override
            public void publish(JobEvent event) {
                announced.add(event);
            }
        };
        return delivery;
    }

    static BatchDelivery.OutgoingBatch batch() {
        OutgoingJob job = new OutgoingJob(new QueuedPayload("q", "{}", null, "j1", null, null, null),
                new JobEnqueued("j1", "A", "q", List.of(), Optional.empty()));
        OutgoingJob callback = new OutgoingJob(new QueuedPayload("q", "{}", null, "c1", null, null, null),
                new JobEnqueued("c1", "Done", "q", List.of(), Optional.empty()));
        return new BatchDelivery.OutgoingBatch("b1", List.of(job), null, callback);
    }

    @Test
    void insideATransactionTheBatchIsSentAfterTheCommit() {
        delivery(false).deliver(batch());
        assertEquals(List.of(), sent, "nothing before the commit");

        transaction.end(Status.STATUS_COMMITTED);

        assertEquals(List.of("b1:1+complete"), sent);
        assertEquals(List.of("j1"), announced.stream().map(JobEvent::jobId).toList(), "its jobs are announced, not its callbacks");
    }

    @Test
    void aRollbackDropsTheBatch() {
        delivery(false).deliver(batch());

        transaction.end(Status.STATUS_ROLLEDBACK);

        assertEquals(List.of(), sent);
        assertEquals(List.of(), announced);
    }

    @Test
    void withTheOutboxOnABatchInsideATransactionIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> delivery(true).deliver(batch()));

        assertTrue(refused.getMessage().startsWith("BGJ0174E: batch b1 was enqueued inside a transaction while the"
                + " transactional outbox is on"), refused.getMessage());
        assertEquals(0, transaction.synchronizations.size());
    }

    @Test
    void outsideATransactionTheOutboxDoesNotMatter() {
        transaction.status = Status.STATUS_NO_TRANSACTION;

        delivery(true).deliver(batch());

        assertEquals(List.of("b1:1+complete"), sent);
    }

    /** An active transaction that ends when the test says. */
    static final class Transaction implements TransactionSynchronizationRegistry {

        final List<Synchronization> synchronizations = new ArrayList<>();
        int status = Status.STATUS_ACTIVE;

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
            throw new UnsupportedOperationException();
        }

        @Override
        public Object getResource(Object key) {
            throw new UnsupportedOperationException();
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
