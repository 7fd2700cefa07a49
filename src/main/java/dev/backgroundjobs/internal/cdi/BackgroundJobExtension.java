package dev.backgroundjobs.internal.cdi;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.config.ConfigParser;
import dev.backgroundjobs.internal.config.InvalidConfigurationException;
import dev.backgroundjobs.internal.config.OutboxSettings;
import dev.backgroundjobs.internal.health.OutboxReadinessCheck;
import dev.backgroundjobs.internal.config.PoolConfig;
import dev.backgroundjobs.internal.config.RetryPolicy;
import dev.backgroundjobs.internal.config.StatusTracking;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.job.JobDefinition;
import dev.backgroundjobs.internal.job.JobDefinitionReader;
import dev.backgroundjobs.internal.job.JobPolicyResolver;
import dev.backgroundjobs.internal.metrics.MicroProfileMetrics;
import dev.backgroundjobs.internal.payload.ArgumentBinder;
import dev.backgroundjobs.internal.redis.RedisTls;
import dev.backgroundjobs.internal.job.RecurringSchedule;
import dev.backgroundjobs.internal.limits.JobLimit;
import dev.backgroundjobs.internal.limits.JobLimits;
import dev.backgroundjobs.internal.schedule.RecurringScheduleReader;
import dev.backgroundjobs.internal.tracing.OpenTelemetryJobTracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Collects the {@code @BackgroundJob} beans of the deployment, from the application and from bean
 * archives of its libraries, then validates them and the configuration. Every problem found is
 * reported, each as its own deployment problem naming the class or configuration key.
 */
public class BackgroundJobExtension implements Extension {

    private final List<Bean<?>> jobBeans = new ArrayList<>();
    private JobCatalog catalog;
    private JobLimits jobLimits = JobLimits.NONE;
    private BackgroundJobsConfig config;

    /** Metrics are recorded only where the server offers MicroProfile Metrics; the module runs without it. */
    void addMetricsWhereAvailable(@Observes BeforeBeanDiscovery event) {
        try {
            Class.forName("org.eclipse.microprofile.metrics.MetricRegistry", false, BackgroundJobExtension.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return;
        }
        event.addAnnotatedType(MicroProfileMetrics.class, MicroProfileMetrics.class.getName())
                .add(ApplicationScoped.Literal.INSTANCE);
    }

    /**
     * Jobs are traced only where the application sees the OpenTelemetry API (MicroProfile Telemetry on
     * the server); without it no OpenTelemetry class is loaded.
     */
    void addTracingWhereAvailable(@Observes BeforeBeanDiscovery event) {
        try {
            Class.forName("io.opentelemetry.api.OpenTelemetry", false, BackgroundJobExtension.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return;
        }
        event.addAnnotatedType(OpenTelemetryJobTracer.class, OpenTelemetryJobTracer.class.getName())
                .add(ApplicationScoped.Literal.INSTANCE);
    }

    /** The outbox's readiness check exists only where an outbox is configured. */
    void addOutboxCheckWhereConfigured(@Observes BeforeBeanDiscovery event) {
        Config mpConfig = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
        if (ConfigParser.outboxDataSource(key -> mpConfig.getOptionalValue(key, String.class)).isPresent()) {
            event.addAnnotatedType(OutboxReadinessCheck.class, OutboxReadinessCheck.class.getName())
                    .add(ApplicationScoped.Literal.INSTANCE);
        }
    }

    void collect(@Observes ProcessManagedBean<?> event) {
        if (event.getAnnotatedBeanClass().isAnnotationPresent(BackgroundJob.class)) {
            jobBeans.add(event.getBean());
        }
    }

    /**
     * The module's own beans are found by bean discovery like any other, so an application could
     * inject them; this keeps them out of its reach: only the API in {@code dev.backgroundjobs} and
     * {@code dev.backgroundjobs.event} may be injected outside the module.
     */
    void refuseInternalInjection(@Observes ProcessInjectionPoint<?, ?> event) {
        InjectionPoint point = event.getInjectionPoint();
        Class<?> declaredBy = point.getMember().getDeclaringClass();
        if (ModuleTypes.isInternal(declaredBy)) {
            return;
        }
        ModuleTypes.internalTypeIn(point.getType()).ifPresent(internal -> event.addDefinitionError(
                new DefinitionException(Messages.internalTypeInjected(internal, point.getMember()))));
    }

    void validate(@Observes AfterDeploymentValidation event) {
        Config mpConfig = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
        Function<String, Optional<String>> lookup = key -> mpConfig.getOptionalValue(key, String.class);
        try {
            config = ConfigParser.parse(lookup);
            RedisTls.check(config.redis());
            checkExecutors(event);
            checkOutboxDataSource(event);
        } catch (InvalidConfigurationException e) {
            e.problems().forEach(problem -> event.addDeploymentProblem(new DeploymentException(problem)));
        }
        RetryPolicy retryDefaults = config != null ? config.retry() : ConfigParser.parse(key -> Optional.empty()).retry();
        JobPolicyResolver policies = new JobPolicyResolver(retryDefaults, lookup);

        Map<String, JobDefinition> byName = new LinkedHashMap<>();
        Map<Class<?>, JobDefinition> byClass = new LinkedHashMap<>();
        for (Bean<?> bean : jobBeans) {
            JobDefinitionReader.Result result = JobDefinitionReader.read(bean.getBeanClass());
            result.problems().forEach(problem -> event.addDeploymentProblem(new DeploymentException(problem)));
            if (!result.valid()) {
                continue;
            }
            JobPolicyResolver.Result policy = policies.resolve(result.definition());
            policy.problems().forEach(problem -> event.addDeploymentProblem(new DeploymentException(problem)));
            JobDefinition definition = result.definition().withBean(bean).withPolicy(policy.policy());
            JobDefinition previous = byName.putIfAbsent(definition.name(), definition);
            if (previous != null) {
                event.addDeploymentProblem(new DeploymentException(
                        Messages.duplicateJobName(definition.name(), previous.beanClass(), definition.beanClass())));
            }
            byClass.put(definition.beanClass(), definition);
        }
        catalog = new JobCatalog(byName, byClass, recurringSchedules(byName.values(), lookup, event),
                config != null ? config.statusTracking() : StatusTracking.NONE);
        jobLimits = jobLimits(byName.values(), lookup, event);
    }

    private static JobLimits jobLimits(Collection<JobDefinition> jobs, Function<String, Optional<String>> lookup,
            AfterDeploymentValidation event) {
        List<String> problems = new ArrayList<>();
        Map<String, JobLimit> limits = new LinkedHashMap<>();
        for (JobDefinition job : jobs) {
            JobLimit.read(job.name(), job.arity(), lookup, problems).ifPresent(limit -> limits.put(job.name(), limit));
        }
        problems.forEach(problem -> event.addDeploymentProblem(new DeploymentException(problem)));
        return new JobLimits(limits, jobs.stream().map(JobDefinition::name).collect(Collectors.toSet()));
    }

    private static List<RecurringSchedule> recurringSchedules(Collection<JobDefinition> jobs,
            Function<String, Optional<String>> lookup, AfterDeploymentValidation event) {
        List<String> problems = new ArrayList<>();
        List<RecurringSchedule> schedules = new ArrayList<>();
        try (Jsonb jsonb = JsonbBuilder.create()) {
            RecurringScheduleReader reader = new RecurringScheduleReader(lookup, new ArgumentBinder(jsonb));
            jobs.forEach(job -> reader.read(job, problems).ifPresent(schedules::add));
        } catch (Exception e) {
            problems.add(Messages.jsonbUnavailable(e.toString()));
        }
        problems.forEach(problem -> event.addDeploymentProblem(new DeploymentException(problem)));
        return schedules;
    }

    /**
     * A pool's executor that does not exist fails the deployment here rather than the start later.
     * Names in java:comp are only bound once the application's components run, so the supervisor
     * checks those when it starts the loops.
     */
    private void checkExecutors(AfterDeploymentValidation event) {
        if (!config.workersEnabled()) {
            return;
        }
        config.pools().stream().map(PoolConfig::executor).distinct()
                .filter(name -> !name.startsWith("java:comp/"))
                .forEach(name -> {
                    try {
                        InitialContext.doLookup(name);
                    } catch (NamingException e) {
                        event.addDeploymentProblem(new DeploymentException(Messages.executorMissing(name, e.getMessage())));
                    }
                });
    }

    /** As for executors: a data source that does not exist fails the deployment, naming the key. */
    private void checkOutboxDataSource(AfterDeploymentValidation event) {
        config.outbox().map(OutboxSettings::dataSource).filter(name -> !name.startsWith("java:comp/"))
                .ifPresent(name -> {
                    try {
                        if (!(InitialContext.doLookup(name) instanceof DataSource)) {
                            event.addDeploymentProblem(new DeploymentException(
                                    Messages.outboxDataSourceMissing(name, "it is not a javax.sql.DataSource")));
                        }
                    } catch (NamingException e) {
                        event.addDeploymentProblem(new DeploymentException(
                                Messages.outboxDataSourceMissing(name, e.getMessage())));
                    }
                });
    }

    JobCatalog catalog() {
        return catalog;
    }

    JobLimits jobLimits() {
        return jobLimits;
    }

    BackgroundJobsConfig config() {
        return config;
    }
}
