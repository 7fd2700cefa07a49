package dev.backgroundjobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the build wiring: a ShrinkWrap WAR from {@link Deployments} (module + jedis + deps) deploys to
 * the managed Liberty server, sees the Redis URL the build passes in, and reaches the test Redis.
 */
@ExtendWith(ArquillianExtension.class)
class SmokeIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("smoke").addClass(SmokeBean.class);
    }

    @Inject
    SmokeBean bean;

    @Test
    void redisUrlReachesTheServer() {
        String fromConfig = ConfigProvider.getConfig().getValue("background-jobs.redis.url", String.class);
        assertEquals(fromConfig, System.getProperty("background-jobs.redis.url"));
        assertEquals(fromConfig, bean.redisUrl());
        URI uri = URI.create(fromConfig);
        assertEquals("redis", uri.getScheme());
        assertEquals("127.0.0.1", uri.getHost());
        assertTrue(uri.getPort() > 0);
        assertNotEquals(6379, uri.getPort(), "tests must never use the system Redis");
    }

    @Test
    void jedisPingsTheTestRedis() {
        assertEquals("PONG", bean.ping());
    }
}
