package dev.backgroundjobs.it.outbox;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.RunCounts;
import dev.backgroundjobs.it.support.TestRedis;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.util.ArrayList;
import java.util.List;

/**
 * One database an outbox test runs on: its data source, the outbox table, and the namespace and
 * application name of the test deployment that uses it.
 *
 * @param database   "h2" or "postgres" (part of names)
 * @param dataSource JNDI name of the XA data source (server.xml)
 * @param table      the outbox table (background-jobs.outbox.table), one per scenario and database: the
 *                   relay's BGJ0111I lines name the table only
 * @param namespace  the deployment's Redis namespace
 * @param app        the deployment's name (context root)
 */
record OutboxTarget(String database, String dataSource, String table, String namespace, String app) {

    static final String H2 = "jdbc/demo";
    static final String POSTGRES = "jdbc/outboxPostgres";

    /** {@code scenario}'s target on H2 (the build's file database {@value #H2}). */
    static OutboxTarget h2(String scenario) {
        return of(scenario, "h2", H2);
    }

    /** {@code scenario}'s target on the build's PostgreSQL ({@value #POSTGRES}). */
    static OutboxTarget postgres(String scenario) {
        return of(scenario, "postgres", POSTGRES);
    }

    static OutboxTarget of(String scenario, String database, String dataSource) {
        // A table of its own per database: the relay's BGJ0111I lines, which a test sums per table, then tell them apart.
        return new OutboxTarget(database, dataSource, "outbox_" + scenario + "_" + database,
                "it-outbox-" + scenario + "-" + database,
                "outbox" + scenario + "-" + database);
    }

    /** True when the build started PostgreSQL and told the tests where (system property postgres.url). */
    static boolean postgresAvailable() {
        String url = System.getProperty("postgres.url");
        return url != null && !url.isBlank() && !url.startsWith("${");
    }

    /** H2, and PostgreSQL when the build runs one. */
    static List<OutboxTarget> all(String scenario) {
        List<OutboxTarget> targets = new ArrayList<>(List.of(h2(scenario)));
        if (postgresAvailable()) {
            targets.add(postgres(scenario));
        }
        return targets;
    }

    /** Redis keys of the deployment: the hash of runs by order id, the queue, the status keys. */
    String runsKey() {
        return RunCounts.key(namespace);
    }

    String queueKey() {
        return namespace + ":queue:" + OrderJob.QUEUE;
    }

    String statusKeys() {
        return namespace + ":job:*:status";
    }

    /** The test application on this target, with {@code extraConfig} lines added to its configuration. */
    WebArchive deployment(String... extraConfig) {
        List<String> config = new ArrayList<>(List.of(
                "background-jobs.namespace=" + namespace,
                "background-jobs.pool.default.queues=" + OrderJob.QUEUE,
                "background-jobs.pool.default.concurrency=4",
                "background-jobs.poll-interval=1s",
                "background-jobs.redis.timeout=1s",
                "background-jobs.outbox.datasource=" + dataSource,
                "background-jobs.outbox.table=" + table));
        config.addAll(List.of(extraConfig));
        return Deployments.webArchive(app)
                .addClasses(OrderJob.class, Orders.class, Orders.RolledBack.class, CommitWindow.class,
                        OutboxResource.class, OutboxResource.OutboxApplication.class,
                        OutboxResource.SqlFailure.class,
                        RunCounts.class, TestRedis.class)
                .addAsResource(new StringAsset(String.join("\n", config)), "META-INF/microprofile-config.properties");
    }
}
