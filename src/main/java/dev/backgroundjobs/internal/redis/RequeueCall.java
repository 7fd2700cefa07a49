package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.JobState;

import java.time.Instant;
import java.util.List;

/** The call of a script that queues jobs (lib/requeue.lua): the arguments those scripts share, then its own. */
final class RequeueCall {

    private RequeueCall() {
    }

    static ScriptCall of(byte[] statusTtl, List<String> scriptKeys, JobState status, String... scriptArgs) {
        Instant now = Instant.now();
        return ScriptCall.builder().keys(scriptKeys).arg(Integer.toString(QueueStore.MAX_WAKE_TOKENS))
                .arg(StatusRecord.json(status, now, now)).arg(statusTtl).args(List.of(scriptArgs)).build();
    }
}
