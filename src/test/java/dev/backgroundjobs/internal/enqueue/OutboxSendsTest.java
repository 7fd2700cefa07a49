package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.internal.outbox.OutboxCleaner;
import dev.backgroundjobs.internal.outbox.OutboxStore;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outbox's send after the commit: a failure leaves the rows (and logs once per outage), commits
 * right after one leave their jobs to the relay without trying Redis, and a send that works hands the
 * rows to the cleaner.
 */
class OutboxSendsTest {

    final List<String> logged = new ArrayList<>();
    final Logger log = Logger.getLogger(OutboxSends.class.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage().substring(0, 8));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final List<List<String>> attempts = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    boolean redisDown = true;
    final OutboxSends sends = new OutboxSends();

    @BeforeEach
    void wire() {
        log.addHandler(capture);
        sends.sender = new JobSender() {
            @Override
            List<String> sendOnce(List<OutgoingJob> jobs) {
                List<String> ids = jobs.stream().map(job -> job.payload().id()).toList();
                attempts.add(ids);
                if (redisDown) {
                    throw new JedisConnectionException("Connection refused");
                }
                return ids;
            }
        };
        sends.cleaner = new OutboxCleaner() {
            @Override
            public void deleteLater(Collection<String> jobIds) {
                deleted.addAll(jobIds);
            }
        };
        sends.outbox = new OutboxStore() {
            @Override
            public String tableName() {
                return "bgj_outbox";
            }
        };
    }

    @AfterEach
    void unhook() {
        log.removeHandler(capture);
    }

    static List<OutgoingJob> jobs(String... ids) {
        List<OutgoingJob> jobs = new ArrayList<>();
        for (String id : ids) {
            jobs.add(new OutgoingJob(QueuedPayload.now("q", "{}", "ns:job:" + id + ":status", id),
                    new JobEnqueued(id, "A", "q", List.of(), Optional.empty())));
        }
        return jobs;
    }

    @Test
    void aFailedSendKeepsTheRowsLogsOnceAndTheNextSecondsCommitsDoNotWaitForRedis() throws Exception {
        sends.sendCommitted(jobs("1", "2"));
        sends.sendCommitted(jobs("3"));

        assertEquals(List.of(List.of("1", "2")), attempts, "the second commit did not try Redis");
        assertEquals(List.of(), deleted, "the rows stay for the relay");
        assertEquals(List.of("BGJ0110W"), logged);

        Thread.sleep(1_100);
        sends.sendCommitted(jobs("4"));
        assertEquals(2, attempts.size(), "a second later Redis is tried again");
        assertEquals(List.of("BGJ0110W"), logged, "one warning per outage");

        redisDown = false;
        Thread.sleep(1_100);
        sends.sendCommitted(jobs("5", "6"));
        assertEquals(List.of("5", "6"), deleted);
        assertEquals(List.of("BGJ0110W", "BGJ0119I"), logged);
    }

    @Test
    void aSendThatWorksHandsTheRowsToTheCleanerAndLogsNothing() {
        redisDown = false;

        sends.sendCommitted(jobs("1", "2"));

        assertEquals(List.of("1", "2"), deleted);
        assertEquals(List.of(), logged);
    }
}
