package dev.backgroundjobs.it.transactions;

import dev.backgroundjobs.InvalidJobArgumentsException;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.TestRedis;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs enqueued in a JTA transaction reach Redis after the commit, and never after a rollback. */
@ExtendWith(ArquillianExtension.class)
class TransactionIT {

    static final String NS = "it-tx";

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("transactions")
                .addPackage(TransactionIT.class.getPackage())
                .addClass(TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=" + NS,
                        // No workers: the jobs stay on the queue where the tests can see them.
                        "background-jobs.workers.enabled=false")), "META-INF/microprofile-config.properties");
    }

    @Inject
    JobQueue jobs;

    @Inject
    OrderBean ejb;

    @Inject
    ProfileService cdi;

    @Inject
    QueueProbe probe;

    @BeforeEach
    void emptyQueue() {
        probe.clear();
    }

    @Test
    void ejbCommitSendsTheJobsAfterTheCommit() {
        int seenInsideTransaction = ejb.enqueueAndCommit("ejb-commit");

        assertEquals(0, seenInsideTransaction, "nothing is sent before the commit");
        List<String> payloads = probe.payloads();
        assertEquals(2, payloads.size());
        assertTrue(payloads.get(0).contains("\"args\":[\"ejb-commit\",1]"), payloads.get(0));
        assertTrue(payloads.get(1).contains("\"args\":[\"ejb-commit\",2]"), payloads.get(1));
    }

    @Test
    void ejbRollbackDropsTheJobs() {
        ejb.enqueueAndRollBack("ejb-rollback");
        assertThrows(EJBException.class, () -> ejb.enqueueAndThrow("ejb-throw"));

        assertEquals(List.of(), probe.payloads());
    }

    @Test
    void aDelayedJobIsScheduledAfterTheCommitAndNotAfterARollback() {
        ejb.scheduleAndRollBack("delayed-rollback");
        assertEquals(0, probe.scheduled());

        assertEquals(false, ejb.scheduleAndCommit("delayed-commit"), "nothing is scheduled before the commit");
        assertEquals(1, probe.scheduled());
    }

    @Test
    void transactionalCommitSendsTheJobAfterTheCommit() {
        int seenInsideTransaction = cdi.enqueueAndCommit("cdi-commit");

        assertEquals(0, seenInsideTransaction, "nothing is sent before the commit");
        assertEquals(1, probe.payloads().size());
    }

    @Test
    void transactionalRollbackDropsTheJob() {
        assertThrows(IllegalStateException.class, () -> cdi.enqueueAndThrow("cdi-throw"));

        assertEquals(List.of(), probe.payloads());
    }

    @Test
    void outsideATransactionTheJobIsSentAtOnce() {
        String id = jobs.enqueue(NoteJob.class, "now", 7);

        List<String> payloads = probe.payloads();
        assertEquals(1, payloads.size());
        assertTrue(payloads.get(0).startsWith("{\"class\":\"NoteJob\",\"args\":[\"now\",7],\"id\":\"" + id + "\""),
                payloads.get(0));
    }

    @Test
    void wakeTokensStayCappedWhileNoLoopTakesThem() {
        jobs.enqueue(NoteJob.class, "first", 1);
        assertEquals(List.of(1L, 1L), probe.wakeTokens(), "a job wakes one waiting loop of its queue and one of '*'");

        jobs.enqueueAll(Collections.nCopies(100, JobRequest.of(NoteJob.class, "batch", 2)));
        for (int i = 0; i < 10; i++) {
            jobs.enqueue(NoteJob.class, "single", 3);
        }

        assertEquals(List.of(64L, 64L), probe.wakeTokens(), "at most 64 tokens wait on a list");
        assertEquals(111, probe.payloads().size());
    }

    @Test
    void argumentsThatDoNotFitThrowAtEnqueueNamingTheParameter() {
        InvalidJobArgumentsException wrongType = assertThrows(InvalidJobArgumentsException.class,
                () -> jobs.enqueue(NoteJob.class, "note", "seven"));
        assertTrue(wrongType.getMessage().contains("NoteJob"), wrongType.getMessage());
        assertTrue(wrongType.getMessage().contains("parameter 2 (count)"), wrongType.getMessage());
        assertTrue(wrongType.getMessage().contains("int"), wrongType.getMessage());

        InvalidJobArgumentsException wrongCount = assertThrows(InvalidJobArgumentsException.class,
                () -> jobs.enqueue(NoteJob.class, "note"));
        assertTrue(wrongCount.getMessage().contains("takes 2 arguments but 1 was given"), wrongCount.getMessage());

        IllegalArgumentException notAJob = assertThrows(IllegalArgumentException.class,
                () -> jobs.enqueue(String.class, "x"));
        assertTrue(notAJob.getMessage().startsWith("BGJ0020E"), notAJob.getMessage());
        assertEquals(List.of(), probe.payloads(), "nothing was sent");
    }
}
