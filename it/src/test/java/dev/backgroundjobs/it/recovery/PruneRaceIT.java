package dev.backgroundjobs.it.recovery;

import dev.backgroundjobs.it.support.TestRedis;
import dev.backgroundjobs.internal.redis.ComposedScripts;
import dev.backgroundjobs.internal.redis.Keys;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No server: the module's own prune script, run by two "servers" (threads with their own connections)
 * at the same moment on the same dead worker, many times over. Each time the dead worker's job must
 * reach its queue exactly once.
 */
class PruneRaceIT {

    static final String NS = "it-prune-race";
    static final String PREFIX = NS + ":";
    static final int ROUNDS = 300;
    static final Keys KEYS = new Keys(NS);

    @Test
    void twoServersPruningTheSameDeadWorkerNeverDuplicateOrDropItsJob() throws Exception {
        String script = ComposedScripts.script("prune_workers.lua");
        ExecutorService servers = Executors.newFixedThreadPool(2);
        try (RedisClient setup = TestRedis.connect(); RedisClient first = TestRedis.connect();
             RedisClient second = TestRedis.connect()) {
            String stale = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
            int duplicated = 0;
            int lost = 0;
            for (int round = 0; round < ROUNDS; round++) {
                String worker = "dead-host/s/app/default-1:" + round + ":race";
                String payload = "{\"class\":\"CountingJob\",\"args\":[\"race\"," + round + ",0]}";
                setup.sadd(PREFIX + "workers", worker);
                setup.hset(PREFIX + "workers:heartbeat", worker, stale);
                setup.set(PREFIX + "worker:" + worker, "{\"queue\":\"race\",\"run_at\":\"" + stale + "\",\"payload\":" + payload + "}");
                setup.rpush(PREFIX + "bgj:inflight:" + worker, payload);

                CountDownLatch go = new CountDownLatch(1);
                List<Future<Object>> prunes = new ArrayList<>();
                for (RedisClient server : List.of(first, second)) {
                    prunes.add(servers.submit(() -> {
                        go.await();
                        return server.eval(script, KEYS.forWorkers(List.of()), List.of("60", "300"));
                    }));
                }
                go.countDown();
                for (Future<Object> prune : prunes) {
                    prune.get();
                }
                long copies = setup.lrange(PREFIX + "queue:race", 0, -1).stream().filter(payload::equals).count();
                duplicated += copies > 1 ? 1 : 0;
                lost += copies == 0 ? 1 : 0;
            }
            assertEquals(0, duplicated, "rounds in which the job was put back twice");
            assertEquals(0, lost, "rounds in which the job was lost");
            assertEquals(ROUNDS, setup.llen(PREFIX + "queue:race"));
            assertEquals(0, setup.scard(PREFIX + "workers"));
            setup.del(PREFIX + "queue:race");
        } finally {
            servers.shutdownNow();
        }
    }
}
