package dev.backgroundjobs.it.support;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** What test jobs did, by topic, in the order they did it; tests wait on it. */
@ApplicationScoped
public class Recorder {

    private final Map<String, List<Object>> entries = new HashMap<>();
    private final Map<String, CountDownLatch> gates = new HashMap<>();

    public synchronized void record(String topic, Object value) {
        entries.computeIfAbsent(topic, t -> new ArrayList<>()).add(value);
    }

    public synchronized List<Object> entries(String topic) {
        return List.copyOf(entries.getOrDefault(topic, List.of()));
    }

    /** Waits until the topic has at least {@code count} entries; returns them. */
    public List<Object> await(String topic, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (entries(topic).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("topic " + topic + " has " + entries(topic).size() + " of " + count
                        + " entries after " + timeout + ": " + entries(topic));
            }
            Thread.sleep(10);
        }
        return entries(topic);
    }

    public CountDownLatch gate(String name) {
        synchronized (gates) {
            return gates.computeIfAbsent(name, n -> new CountDownLatch(1));
        }
    }
}
