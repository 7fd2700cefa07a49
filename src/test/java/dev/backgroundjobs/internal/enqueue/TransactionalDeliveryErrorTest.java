package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.JobEnqueueException;
import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A script's error reply (a key of the wrong type, nothing sent) reaches the caller of enqueue. */
class TransactionalDeliveryErrorTest {

    @Test
    void theScriptsMessageReachesTheCallerAsAJobEnqueueException() {
        TransactionalDelivery delivery = new TransactionalDelivery();
        delivery.transactions = new NoTransaction();
        delivery.sender = new JobSender() {
            @Override
            List<String> send(List<OutgoingJob> jobs) {
                throw new JedisDataException("BGJ0027E: resque:queue:x is a zset, not a list; nothing was sent");
            }
        };
        OutgoingJob job = new OutgoingJob(new QueuedPayload("x", "{}", null, "1", null, null, null),
                new JobEnqueued("1", "A", "x", List.of(), Optional.empty()));

        JobEnqueueException error = assertThrows(JobEnqueueException.class, () -> delivery.deliver(List.of(job)));

        assertEquals("BGJ0026E: 1 job(s) could not be sent to Redis, none of them was queued: "
                + "BGJ0027E: resque:queue:x is a zset, not a list; nothing was sent", error.getMessage());
    }

    /** Outside any transaction. */
    static final class NoTransaction implements TransactionSynchronizationRegistry {
        @Override
        public Object getTransactionKey() {
            return null;
        }

        @Override
        public void putResource(Object key, Object value) {
            throw new IllegalStateException();
        }

        @Override
        public Object getResource(Object key) {
            throw new IllegalStateException();
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            throw new IllegalStateException();
        }

        @Override
        public int getTransactionStatus() {
            return Status.STATUS_NO_TRANSACTION;
        }

        @Override
        public void setRollbackOnly() {
            throw new IllegalStateException();
        }

        @Override
        public boolean getRollbackOnly() {
            throw new IllegalStateException();
        }
    }
}
