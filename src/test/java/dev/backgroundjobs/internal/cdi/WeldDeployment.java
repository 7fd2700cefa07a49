package dev.backgroundjobs.internal.cdi;

import dev.backgroundjobs.internal.metrics.MicroProfileMetrics;
import dev.backgroundjobs.internal.tracing.OpenTelemetryJobTracer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots the module's CDI extension on Weld SE, without Liberty: bean discovery off, only the given job
 * classes as beans, and the given MicroProfile Config values (SmallRye Config, registered for a class
 * loader of this deployment alone, which is the context class loader while Weld starts). Workers are
 * off, so no executor or JNDI name is looked up; the module's other beans (Redis, workers, health) are
 * not deployed, and neither are its metrics, which need a MetricRegistry only a server provides.
 */
final class WeldDeployment {

    private final Map<String, String> config = new LinkedHashMap<>(Map.of(
            "background-jobs.workers.enabled", "false"));
    private final Class<?>[] beans;

    private WeldDeployment(Class<?>... beans) {
        this.beans = beans;
    }

    static WeldDeployment of(Class<?>... beans) {
        return new WeldDeployment(beans);
    }

    WeldDeployment with(String key, String value) {
        config.put(key, value);
        return this;
    }

    /** Starts the deployment, hands it to the check, and stops it. */
    void succeeds(java.util.function.Consumer<BackgroundJobExtension> check) {
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = new ClassLoader(original) { };
        Config registered = register(loader);
        Thread.currentThread().setContextClassLoader(loader);
        BackgroundJobExtension extension = new BackgroundJobExtension();
        try (WeldContainer container = weld(extension).initialize()) {
            check.accept(extension);
        } finally {
            Thread.currentThread().setContextClassLoader(original);
            ConfigProviderResolver.instance().releaseConfig(registered);
        }
    }

    /**
     * Starts the deployment expecting it to fail; returns everything Weld said about why: the
     * exception's messages, its causes' and the suppressed problems', with their stack traces.
     */
    String fails() {
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = new ClassLoader(original) { };
        Config registered = register(loader);
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Throwable failure = assertThrows(Throwable.class, () -> {
                try (WeldContainer container = weld(new BackgroundJobExtension()).initialize()) {
                    // started: assertThrows reports that
                }
            }, "the deployment started although it is invalid");
            StringWriter text = new StringWriter();
            failure.printStackTrace(new PrintWriter(text));
            return text.toString();
        } finally {
            Thread.currentThread().setContextClassLoader(original);
            ConfigProviderResolver.instance().releaseConfig(registered);
        }
    }

    static void assertNames(String failure, String... expected) {
        for (String part : expected) {
            assertTrue(failure.contains(part), "expected in the deployment failure: " + part + "\n--- failure ---\n" + failure);
        }
    }

    private Weld weld(BackgroundJobExtension extension) {
        return new Weld("weld-se-" + UUID.randomUUID())
                .disableDiscovery()
                .skipShutdownHook()
                .addExtensions(extension, new WithoutServerMetrics())
                .addBeanClasses(beans);
    }

    private Config register(ClassLoader loader) {
        Config built = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.copyOf(config), "test", 500))
                .build();
        ConfigProviderResolver.instance().registerConfig(built, loader);
        return built;
    }

    /**
     * The metrics and tracing beans need the server's MetricRegistry and module beans outside this
     * deployment (their API jars are on the test class path); these tests are about job validation.
     */
    public static final class WithoutServerMetrics implements Extension {
        void veto(@Observes ProcessAnnotatedType<MicroProfileMetrics> event) {
            event.veto();
        }

        void vetoTracer(@Observes ProcessAnnotatedType<OpenTelemetryJobTracer> event) {
            event.veto();
        }
    }
}
