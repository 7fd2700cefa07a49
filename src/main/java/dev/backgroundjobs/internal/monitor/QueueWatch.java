package dev.backgroundjobs.internal.monitor;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.redis.RedisInspector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Which queues hold jobs and which live workers, of any server or language, listen to them. A queue
 * with jobs and no listener is the misspelt-queue problem: it is shown in health data and on the
 * dashboard, and logged once per queue until a worker listens again or the queue is empty.
 */
@ApplicationScoped
public class QueueWatch {

    private static final Logger LOG = Logger.getLogger(QueueWatch.class.getName());
    /** How old a snapshot may be for metric scrapes, which may come often. */
    private static final Duration SCRAPE_REUSE = Duration.ofSeconds(5);

    @Inject
    RedisInspector inspector;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile Snapshot recent;

    /**
     * A queue, its jobs, its oldest job's queue time, how many live workers listen to it, and the type
     * its key holds when another program made it something else than a list.
     */
    public record QueueState(String name, long size, Optional<Instant> oldestQueuedAt, int listeners,
            Optional<String> wrongType) {

        public boolean unattended() {
            return size > 0 && listeners == 0;
        }
    }

    /** The queues as read at one moment. */
    public record Snapshot(Instant takenAt, List<QueueState> queues) {

        public List<String> unattended() {
            return queues.stream().filter(QueueState::unattended).map(QueueState::name).toList();
        }

        public long size(String queue) {
            return queues.stream().filter(state -> state.name().equals(queue)).mapToLong(QueueState::size).sum();
        }
    }

    /** Reads the queues and workers now. */
    public Snapshot snapshot() {
        Instant now = Instant.now();
        List<List<String>> liveQueueLists = new ArrayList<>();
        // Registered workers are the live ones: every server's housekeeper prunes the stale ones by Redis
        // time just before it looks here, with the rules for ours and foreign ones (see lib/workers.lua), so
        // no heartbeat is judged again by this server's clock.
        inspector.workerHeartbeats().keySet().forEach(id -> liveQueueLists.add(RedisInspector.queuesOf(id)));
        List<QueueState> queues = new ArrayList<>();
        for (RedisInspector.QueueInfo queue : inspector.queues()) {
            int listeners = (int) liveQueueLists.stream()
                    .filter(patterns -> patterns.stream().anyMatch(pattern -> QueuePatterns.matches(pattern, queue.name())))
                    .count();
            queues.add(new QueueState(queue.name(), queue.size(), queue.oldestQueuedAt(), listeners, queue.wrongType()));
        }
        Snapshot snapshot = new Snapshot(now, List.copyOf(queues));
        recent = snapshot;
        return snapshot;
    }

    /** A snapshot at most a few seconds old, for frequent readers such as metric scrapes. */
    public Snapshot recentSnapshot() {
        Snapshot last = recent;
        return last != null && Duration.between(last.takenAt(), Instant.now()).compareTo(SCRAPE_REUSE) < 0
                ? last : snapshot();
    }

    /** Logs each queue that became unattended, and each that no longer is. */
    public void warnAboutUnattendedQueues() {
        Snapshot snapshot = snapshot();
        Map<String, Long> unattended = new HashMap<>();
        snapshot.queues().stream().filter(QueueState::unattended).forEach(queue -> unattended.put(queue.name(), queue.size()));
        unattended.forEach((queue, size) -> {
            if (warned.add(queue)) {
                LOG.warning(Messages.unattendedQueue(queue, size));
            }
        });
        warned.removeIf(queue -> {
            boolean fixed = !unattended.containsKey(queue);
            if (fixed) {
                LOG.info(Messages.queueAttended(queue));
            }
            return fixed;
        });
    }
}
