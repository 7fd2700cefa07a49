package dev.backgroundjobs.it.workers;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/** A job whose perform runs in a JTA transaction, as any @Transactional CDI method. */
@BackgroundJob(queue = "misc")
public class TransactionalJob {

    @Inject
    Recorder recorder;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Transactional
    public void perform(String label) {
        boolean active = transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
        recorder.record("transactional", label + (active ? " in a transaction" : " without a transaction"));
    }
}
