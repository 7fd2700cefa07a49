package dev.backgroundjobs.internal.limits;

import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.config.ConfigKeys;
import dev.backgroundjobs.internal.config.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rate and concurrency limits of one job name, from its configuration keys: at most {@code rate}
 * starts in any {@code period} (0: no rate limit), at most {@code concurrency} runs at once (0: none),
 * counted per job name or, with a key, per value of one argument: the argument at {@code keyArgument}
 * (-1: no key), or the field {@code keyField} of that argument when it is a map or record.
 * <p>
 * A key names a position, not a parameter name: names exist at run time only when compiled with
 * {@code -parameters}, and jobs written in other languages have none; positions are what the Resque
 * {@code args} array carries. A field covers PHP-Resque's payloads, whose one argument is a map, and
 * record arguments, which JSON-B writes as objects.
 */
public record JobLimit(String jobName, int rate, Duration period, int concurrency, int keyArgument, String keyField) {

    private static final Pattern RATE = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\S+)\\s*");
    private static final Pattern KEY = Pattern.compile("\\s*(\\d{1,3})(?:\\.([A-Za-z_$][A-Za-z0-9_$-]{0,99}))?\\s*");

    /**
     * The spec that lib/limits.lua reads from the {@code bgj:limits} hash: rate, period (ms),
     * concurrency, lease (ms), key argument and key field, separated by spaces.
     */
    public String spec(Duration lease) {
        return rate + " " + period.toMillis() + " " + concurrency + " " + Math.max(1, lease.toMillis()) + " "
                + keyArgument + " " + keyField;
    }

    /** How the dashboard and the log name the key, e.g. {@code args[0].tenant}, or empty for none. */
    public Optional<String> keyDescription() {
        return keyArgument < 0 ? Optional.empty()
                : Optional.of("args[" + keyArgument + "]" + (keyField.isEmpty() ? "" : "." + keyField));
    }

    /**
     * Reads the limit keys of a job whose {@code perform} takes {@code arity} arguments; empty when it
     * has no limit or a key is invalid (each problem named in {@code problems}).
     */
    public static Optional<JobLimit> read(String jobName, int arity, Function<String, Optional<String>> lookup,
            List<String> problems) {
        int before = problems.size();
        int rate = 0;
        Duration period = Duration.ZERO;
        String rateKey = ConfigKeys.jobRateLimit(jobName);
        Optional<String> rateValue = configured(lookup, rateKey);
        if (rateValue.isPresent()) {
            Matcher matcher = RATE.matcher(rateValue.get());
            Optional<Duration> parsed = matcher.matches() ? Durations.parse(matcher.group(2)) : Optional.empty();
            rate = matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
            if (parsed.isEmpty() || rate < 1 || parsed.get().toMillis() < 1
                    || !parsed.get().equals(Duration.ofMillis(parsed.get().toMillis()))) {
                problems.add(Messages.invalidConfig(rateKey, rateValue.get(),
                        "STARTS/PERIOD: a whole number of at least 1, a slash and a duration of whole milliseconds,"
                                + " such as 50/1s, 1000/1h or 5/PT1M"));
            } else {
                period = parsed.get();
            }
        }
        int concurrency = 0;
        String concurrencyKey = ConfigKeys.jobConcurrencyLimit(jobName);
        Optional<String> concurrencyValue = configured(lookup, concurrencyKey);
        if (concurrencyValue.isPresent()) {
            try {
                concurrency = Integer.parseInt(concurrencyValue.get());
            } catch (NumberFormatException e) {
                concurrency = 0;
            }
            if (concurrency < 1) {
                problems.add(Messages.invalidConfig(concurrencyKey, concurrencyValue.get(), "a whole number of at least 1"));
            }
        }
        int keyArgument = -1;
        String keyField = "";
        String keyKey = ConfigKeys.jobLimitKey(jobName);
        Optional<String> keyValue = configured(lookup, keyKey);
        if (keyValue.isPresent()) {
            Matcher matcher = KEY.matcher(keyValue.get());
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) >= arity) {
                problems.add(Messages.invalidConfig(keyKey, keyValue.get(), "the position of an argument of perform (0 to "
                        + (arity - 1) + "), optionally followed by a dot and a field of that argument, such as 0 or 0.tenant"));
            } else if (rateValue.isEmpty() && concurrencyValue.isEmpty()) {
                problems.add(Messages.limitKeyWithoutLimit(keyKey, ConfigKeys.jobRateLimit(jobName),
                        ConfigKeys.jobConcurrencyLimit(jobName)));
            } else {
                keyArgument = Integer.parseInt(matcher.group(1));
                keyField = matcher.group(2) == null ? "" : matcher.group(2);
            }
        }
        if (problems.size() > before || (rate == 0 && concurrency == 0)) {
            return Optional.empty();
        }
        return Optional.of(new JobLimit(jobName, rate, period, concurrency, keyArgument, keyField));
    }

    private static Optional<String> configured(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).map(String::trim).filter(value -> !value.isEmpty());
    }
}
