package dev.backgroundjobs.it.cluster;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.operations.OperationsDeployments;
import dev.backgroundjobs.it.support.AdminClient;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.DocumentedAcl;
import dev.backgroundjobs.it.support.Http;
import dev.backgroundjobs.it.support.LibertyServer;
import dev.backgroundjobs.it.support.RedisBinaries;
import dev.backgroundjobs.it.support.RedisClusterNodes;
import dev.backgroundjobs.it.support.TestRedis;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Liberty server whose module talks to a real Redis Cluster (three masters, three replicas, on
 * loopback) through one hash-tagged namespace, {@value #NAMESPACE}: every key of it is in one slot, so
 * the scripts run on that slot's master. First 3,000 jobs on six queues each run exactly once, and the
 * commands of each node show where the work went. Then 5,000 jobs, all acknowledged and replicated,
 * run while the namespace's master is killed with SIGKILL: its replica takes over, the module follows
 * (MOVED, reconnection) without a restart, and no acknowledged job is lost; the jobs that run twice
 * (taken from the old master after its last replication) are counted. Health and the admin API the
 * dashboard draws answer from the cluster afterwards. The module connects as the README's ACL user with
 * its cluster addition, set on every node, and no node refuses it anything (ACL LOG). Runs in the failsafe "crash"
 * execution (it starts and stops the server itself).
 */
class ClusterCrashIT {

    static final String APP = "cluster";
    static final String NAMESPACE = "{it-cluster}";
    static final int QUEUES = 6;
    static final int FIRST_JOBS = 3_000;
    static final int FAILOVER_JOBS = 5_000;
    static final Duration PATIENCE = Duration.ofMinutes(2);
    static final String PASSWORD = "cluster-test-password";

    @Test
    void jobsRunExactlyOnceOnAClusterAndNoAcknowledgedJobIsLostWhenTheirMasterIsKilled() throws Exception {
        RedisBinaries binaries = RedisBinaries.withCluster();
        LibertyServer server = LibertyServer.build();
        Path dir = server.wlp.getParent().getParent().resolve("redis-cluster");
        DocumentedAcl acl = DocumentedAcl.fromReadme(Path.of(System.getProperty("basedir", "."), "..", "README.md"));
        try (RedisClusterNodes cluster = RedisClusterNodes.start(binaries, dir); RedisClient redis = TestRedis.connect()) {
            redis.del(ClusterJob.RUNS);
            String[] user = acl.setUserArguments(DocumentedAcl.USER, NAMESPACE, PASSWORD);
            String[] clusterUser = Arrays.copyOf(user, user.length + 1);
            clusterUser[user.length] = DocumentedAcl.CLUSTER_ADDITION;
            cluster.aclOnEveryNode(clusterUser);
            server.deploy(deployment(cluster.seeds()));
            boolean running = false;
            try {
                server.start();
                running = true;
                Await.until("the application answers", PATIENCE, ClusterCrashIT::answers);

                int master = cluster.masterOf(NAMESPACE + ":queue:c0").orElseThrow();
                Map<Integer, Long> scriptsBefore = scriptCalls(cluster);
                double cpuBefore = cluster.cpuSeconds(master);
                long start = System.nanoTime();
                assertEquals(Integer.toString(FIRST_JOBS), post("enqueue?from=0&count=" + FIRST_JOBS + "&queues=" + QUEUES + "&millis=0"));
                Await.until("the first jobs ran", PATIENCE, () -> redis.hlen(ClusterJob.RUNS) == FIRST_JOBS);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuPerJob = (cluster.cpuSeconds(master) - cpuBefore) / FIRST_JOBS * 1e6;
                Map<Integer, Long> scripts = since(scriptsBefore, scriptCalls(cluster));
                System.out.printf(Locale.ROOT, "cluster, one namespace: %d jobs on %d queues in %.2f s (%.0f jobs/s), "
                                + "master %d used %.1f µs CPU per job; scripts run per master: %s%n",
                        FIRST_JOBS, QUEUES, seconds, FIRST_JOBS / seconds, master, cpuPerJob, scripts);
                assertTrue(redis.hvals(ClusterJob.RUNS).stream().allMatch("1"::equals), "each job ran once");
                scripts.forEach((port, calls) -> assertTrue(port == master ? calls >= FIRST_JOBS / 10 : calls == 0,
                        "the namespace's slot is on master " + master + ", scripts per master: " + scripts));

                assertEquals(Integer.toString(FAILOVER_JOBS), post("enqueue?from=" + FIRST_JOBS + "&count=" + FAILOVER_JOBS
                        + "&queues=" + QUEUES + "&millis=20"));
                Await.until("the replica has every acknowledged job", Duration.ofSeconds(10), () -> cluster.replicaCaughtUp(master));
                Await.until("the failover jobs are running", PATIENCE, () -> redis.hlen(ClusterJob.RUNS) >= FIRST_JOBS + 1_000);
                long doneAtKill = redis.hlen(ClusterJob.RUNS) - FIRST_JOBS;
                cluster.kill9(master);
                long killedAt = System.nanoTime();
                Await.until("the replica took over", Duration.ofSeconds(30),
                        () -> cluster.masterOf(NAMESPACE + ":queue:c0").filter(port -> port != master).isPresent() && cluster.recovered());
                int promoted = cluster.masterOf(NAMESPACE + ":queue:c0").orElseThrow();
                double failoverSeconds = (System.nanoTime() - killedAt) / 1e9;
                Await.until("every job ran after the failover", PATIENCE, () -> redis.hlen(ClusterJob.RUNS) == FIRST_JOBS + FAILOVER_JOBS);
                double drainedSeconds = (System.nanoTime() - killedAt) / 1e9;

                Map<String, String> runs = redis.hgetAll(ClusterJob.RUNS);
                long lost = FIRST_JOBS + FAILOVER_JOBS - runs.size();
                long twice = runs.values().stream().filter(count -> Integer.parseInt(count) > 1).count();
                System.out.printf(Locale.ROOT, "cluster failover: master %d killed after %d of %d jobs, replica %d serves the slot "
                                + "%.1f s later, all done %.1f s after the kill; lost %d, ran twice %d%n",
                        master, doneAtKill, FAILOVER_JOBS, promoted, failoverSeconds, drainedSeconds, lost, twice);
                assertTrue(doneAtKill < FAILOVER_JOBS - 1_000, "the kill came mid-run: " + doneAtKill + " done");
                assertEquals(0, lost, "no job that the cluster acknowledged and replicated is lost");
                assertTrue(twice <= 200, "jobs run twice after the failover: " + twice);

                HttpResponse<String> ready = Http.get(Http.server("/health/ready"));
                assertEquals(200, ready.statusCode(), ready.body());
                AdminClient admin = AdminClient.as(new URL(Http.server("/" + APP + "/").toString()), "viewer");
                HttpResponse<String> queues = admin.get("background-jobs/api/queues");
                assertEquals(200, queues.statusCode(), queues.body());
                for (int queue = 0; queue < QUEUES; queue++) {
                    assertTrue(queues.body().contains("\"c" + queue + "\""), "the admin API lists queue c" + queue + ": " + queues.body());
                }
                HttpResponse<String> workers = admin.get("background-jobs/api/workers");
                assertEquals(200, workers.statusCode(), workers.body());
                assertTrue(workers.body().contains("c0,c1,c2,c3,c4,c5"), "the admin API lists the workers: " + workers.body());
                assertEquals(List.of(), cluster.aclRefusals(), "the documented ACL rule, with its cluster addition, allows all");
            } finally {
                if (running) {
                    server.stop();
                }
                server.undeploy(APP);
            }
        }
    }

    /** Whether the application answers; a server that is still starting may refuse or time out. */
    private static boolean answers() throws InterruptedException {
        try {
            return Http.get(endpoint("ready")).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Map<Integer, Long> scriptCalls(RedisClusterNodes cluster) {
        Map<Integer, Long> calls = new LinkedHashMap<>();
        for (int master : cluster.masters()) {
            Map<String, Long> commands = cluster.commandCalls(master);
            calls.put(master, commands.getOrDefault("evalsha", 0L) + commands.getOrDefault("eval", 0L));
        }
        return calls;
    }

    private static Map<Integer, Long> since(Map<Integer, Long> before, Map<Integer, Long> after) {
        Map<Integer, Long> delta = new LinkedHashMap<>();
        after.forEach((port, calls) -> delta.put(port, calls - before.getOrDefault(port, 0L)));
        return delta;
    }

    private static WebArchive deployment(String seeds) {
        return Deployments.webArchive(APP)
                .addClasses(ClusterJob.class, ClusterResource.class, ClusterResource.ClusterApplication.class, TestRedis.class)
                .addAsWebInfResource(new StringAsset(OperationsDeployments.WEB_XML), "web.xml")
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.admin.enabled=true",
                        "background-jobs.redis.cluster-nodes=" + seeds,
                        "background-jobs.redis.user=" + DocumentedAcl.USER,
                        "background-jobs.redis.password=" + PASSWORD,
                        "background-jobs.namespace=" + NAMESPACE,
                        "background-jobs.pool.default.queues=" + String.join(",", List.of("c0", "c1", "c2", "c3", "c4", "c5")),
                        "background-jobs.pool.default.concurrency=8",
                        "background-jobs.poll-interval=1s",
                        "background-jobs.heartbeat-interval=1s",
                        "background-jobs.worker-timeout=5s")), "META-INF/microprofile-config.properties");
    }

    private static String post(String path) throws Exception {
        HttpResponse<String> response = Http.post(endpoint(path));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static URI endpoint(String path) {
        return Http.server("/" + APP + "/rest/cluster/" + path);
    }
}
