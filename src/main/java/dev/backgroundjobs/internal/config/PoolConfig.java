package dev.backgroundjobs.internal.config;

import java.util.List;

/**
 * One worker pool of this server: {@code concurrency} loops that take jobs from {@code queues} in
 * priority order, or from every queue when {@link #allQueues()}.
 */
public record PoolConfig(String name, List<String> queues, int concurrency, String executor) {

    public static final String ALL_QUEUES = "*";

    public PoolConfig {
        queues = List.copyOf(queues);
    }

    public boolean allQueues() {
        return queues.contains(ALL_QUEUES);
    }
}
