package dev.backgroundjobs.it.benchmark;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the commands clients send Redis, each one round trip, with MONITOR on a connection of its
 * own. MONITOR shows the commands scripts run too, marked "[N lua]", and those are not counted: a
 * script call is one round trip, however much it does. The benchmark's own INFO calls are left out.
 * MONITOR slows Redis down, so it runs only during measures that are not timed.
 */
final class RoundTrips implements AutoCloseable {

    private final Jedis connection;
    private final AtomicLong calls = new AtomicLong();
    private final Thread reader;

    private RoundTrips(int port) throws InterruptedException {
        connection = new Jedis("127.0.0.1", port);
        CountDownLatch started = new CountDownLatch(1);
        reader = new Thread(() -> {
            try {
                connection.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        started.countDown();
                        if (!command.contains(" lua]") && !command.contains("\"INFO\"") && !command.contains("\"info\"")) {
                            calls.incrementAndGet();
                        }
                    }
                });
            } catch (RuntimeException e) {
                // The connection was closed: counting ends.
            }
        }, "redis-monitor");
        reader.setDaemon(true);
        reader.start();
        // MONITOR answers OK before the first command; a PING from elsewhere proves it is listening.
        try (Jedis ping = new Jedis("127.0.0.1", port)) {
            while (!started.await(50, TimeUnit.MILLISECONDS)) {
                ping.ping();
            }
        }
        calls.set(0);
    }

    static RoundTrips start(int port) throws InterruptedException {
        return new RoundTrips(port);
    }

    long calls() {
        return calls.get();
    }

    @Override
    public void close() throws InterruptedException {
        connection.disconnect();
        reader.join(5_000);
    }
}
