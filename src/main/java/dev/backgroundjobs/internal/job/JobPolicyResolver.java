package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.UniqueJob;
import dev.backgroundjobs.internal.config.ConfigKeys;
import dev.backgroundjobs.internal.config.Durations;
import dev.backgroundjobs.internal.config.RetryPolicy;
import dev.backgroundjobs.internal.common.Messages;

import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves a job's policy in layers: the job's configuration keys, then its annotation, then the
 * global retry configuration. Every invalid value is reported, naming the key or the annotation.
 */
public final class JobPolicyResolver {

    private final RetryPolicy defaults;
    private final Function<String, Optional<String>> lookup;

    public JobPolicyResolver(RetryPolicy defaults, Function<String, Optional<String>> lookup) {
        this.defaults = defaults;
        this.lookup = lookup;
    }

    /** The policy, or the problems that keep it from being one. */
    public record Result(JobPolicy policy, List<String> problems) {
    }

    public Result resolve(JobDefinition job) {
        BackgroundJob annotation = job.beanClass().getAnnotation(BackgroundJob.class);
        List<String> problems = new ArrayList<>();

        int maxAttempts = defaults.maxAttempts();
        if (annotation.maxAttempts() < 0) {
            problems.add(Messages.invalidAnnotation(job.beanClass(), "maxAttempts", Integer.toString(annotation.maxAttempts()),
                    "0 (the configured default) or a positive number"));
        } else if (annotation.maxAttempts() > 0) {
            maxAttempts = annotation.maxAttempts();
        }
        String attemptsKey = ConfigKeys.jobMaxAttempts(job.name());
        Optional<String> configuredAttempts = lookup.apply(attemptsKey).map(String::trim);
        if (configuredAttempts.isPresent()) {
            try {
                maxAttempts = Integer.parseInt(configuredAttempts.get());
                if (maxAttempts < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add(Messages.invalidConfig(attemptsKey, configuredAttempts.get(), "a whole number of at least 1"));
            }
        }

        Duration backoff = duration(job, "backoff", annotation.backoff(), ConfigKeys.jobBackoff(job.name()), problems)
                .orElse(defaults.backoff());
        Optional<Duration> timeout = duration(job, "timeout", annotation.timeout(), ConfigKeys.jobTimeout(job.name()),
                problems);

        Optional<UniqueRule> unique = unique(job, problems);
        JobPolicy policy = new JobPolicy(new RetryPolicy(maxAttempts, backoff, defaults.maxBackoff()),
                List.of(annotation.retryOn()), List.of(annotation.noRetryOn()), timeout, unique);
        return new Result(policy, List.copyOf(problems));
    }

    private static Optional<UniqueRule> unique(JobDefinition job, List<String> problems) {
        UniqueJob unique = job.beanClass().getAnnotation(UniqueJob.class);
        if (unique == null) {
            return Optional.empty();
        }
        List<String> names = Arrays.stream(job.perform().getParameters()).map(Parameter::getName).toList();
        List<Integer> positions = new ArrayList<>();
        if (unique.key().length == 0) {
            for (int i = 0; i < names.size(); i++) {
                positions.add(i);
            }
        }
        for (String name : unique.key()) {
            int position = names.indexOf(name);
            if (position < 0) {
                problems.add(Messages.invalidUniqueKey(job.beanClass(), name, names));
            } else {
                positions.add(position);
            }
        }
        Optional<Duration> expireAfter = Durations.parse(unique.expireAfter()).filter(JobPolicyResolver::positive);
        if (expireAfter.isEmpty()) {
            problems.add(Messages.invalidAnnotation(job.beanClass(), "@UniqueJob expireAfter", unique.expireAfter(),
                    "a positive duration such as 30m or 1h"));
        }
        return Optional.of(new UniqueRule(positions, unique.until(), expireAfter.orElse(Duration.ofHours(1))));
    }

    /** The configured value, else the annotation's, else empty; each must be a positive duration. */
    private Optional<Duration> duration(JobDefinition job, String attribute, String annotated, String key,
            List<String> problems) {
        Optional<Duration> fromAnnotation = Optional.empty();
        if (!annotated.isBlank()) {
            fromAnnotation = Durations.parse(annotated).filter(JobPolicyResolver::positive);
            if (fromAnnotation.isEmpty()) {
                problems.add(Messages.invalidAnnotation(job.beanClass(), attribute, annotated,
                        "a positive duration such as 500ms, 5s or PT5S"));
            }
        }
        Optional<String> configured = lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty());
        if (configured.isEmpty()) {
            return fromAnnotation;
        }
        Optional<Duration> parsed = Durations.parse(configured.get()).filter(JobPolicyResolver::positive);
        if (parsed.isEmpty()) {
            problems.add(Messages.invalidConfig(key, configured.get(), "a positive duration such as 500ms, 5s or PT5S"));
        }
        return parsed;
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
