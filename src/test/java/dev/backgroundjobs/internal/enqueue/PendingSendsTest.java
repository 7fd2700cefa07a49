package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.internal.config.ConfigKeys;
import dev.backgroundjobs.internal.config.ConfigParser;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The buffer of after-commit jobs that Redis did not take at commit time. */
class PendingSendsTest {

    final List<List<String>> sent = new ArrayList<>();
    final List<List<String>> recorded = new ArrayList<>();
    final List<List<String>> lost = new ArrayList<>();
    final List<RuntimeException> answers = new ArrayList<>();
    final PendingSends pending = new PendingSends();

    PendingSendsTest() {
        pending.config = ConfigParser.parse(key -> key.equals(ConfigKeys.PENDING_SENDS_MAX_JOBS) ? Optional.of("3")
                : Optional.empty());
        pending.sender = new JobSender() {
            @Override
            List<String> send(List<OutgoingJob> jobs) {
                if (!answers.isEmpty()) {
                    RuntimeException answer = answers.remove(0);
                    if (answer != null) {
                        throw answer;
                    }
                }
                sent.add(ids(jobs));
                return ids(jobs);
            }
        };
        pending.unsent = new UnsentJobs() {
            @Override
            void record(List<OutgoingJob> jobs, Exception reason) {
                recorded.add(ids(jobs));
            }

            @Override
            void lost(List<OutgoingJob> jobs) {
                lost.add(ids(jobs));
            }
        };
    }

    @Test
    void aTransactionThatWouldPassTheLimitIsLoggedAsLostAtOnceAndTheRestKept() {
        pending.add(jobs("a", "b"));
        pending.add(jobs("c", "d"));
        pending.add(jobs("e"));

        assertEquals(List.of(List.of("c", "d")), lost);
        assertEquals(3, pending.size());
        pending.sendAll();
        assertEquals(List.of(List.of("a", "b"), List.of("e")), sent);
        assertEquals(0, pending.size());
    }

    @Test
    void aBatchRedisRefusesIsRecordedOnceAndTheBatchesBehindItAreSent() {
        pending.add(jobs("a"));
        pending.add(jobs("b"));
        answers.add(new JedisDataException("BGJ0027E: resque:queue:x is a zset, not a list; nothing was sent"));

        pending.sendAll();
        pending.sendAll();

        assertEquals(List.of(List.of("a")), recorded);
        assertEquals(List.of(List.of("b")), sent);
        assertEquals(0, pending.size());
    }

    @Test
    void anOutageStopsTheSendsAndKeepsEveryBatch() {
        pending.add(jobs("a"));
        pending.add(jobs("b"));
        answers.add(new JedisConnectionException("refused"));

        assertThrows(JedisConnectionException.class, pending::sendAll);

        assertEquals(2, pending.size());
        pending.sendAll();
        assertEquals(List.of(List.of("a"), List.of("b")), sent);
    }

    @Test
    void whatIsLeftAtStopIsLoggedAsLost() {
        pending.add(jobs("a"));

        pending.reportLost();

        assertEquals(List.of(List.of("a")), lost);
        assertEquals(0, pending.size());
    }

    static List<OutgoingJob> jobs(String... ids) {
        List<OutgoingJob> jobs = new ArrayList<>();
        for (String id : ids) {
            jobs.add(new OutgoingJob(QueuedPayload.now("q", "{\"class\":\"A\",\"args\":[],\"id\":\"" + id + "\"}", null, id),
                    new JobEnqueued(id, "A", "q", List.of(), Optional.empty())));
        }
        return jobs;
    }

    static List<String> ids(List<OutgoingJob> jobs) {
        return jobs.stream().map(job -> job.payload().id()).toList();
    }
}
