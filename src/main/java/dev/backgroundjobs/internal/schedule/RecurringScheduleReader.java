package dev.backgroundjobs.internal.schedule;

import dev.backgroundjobs.internal.job.RecurringSchedule;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.backgroundjobs.Recurring;
import dev.backgroundjobs.internal.config.ConfigKeys;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.job.JobDefinition;
import dev.backgroundjobs.internal.payload.ArgumentBinder;
import dev.backgroundjobs.internal.payload.ArgumentBindingException;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a job's recurring schedule from its configuration keys, else its {@code @Recurring}
 * annotation, and checks it: the cron expression (5 fields, or 6 with seconds first), the time zone,
 * and that the arguments bind to {@code perform}. Every problem names the job and the bad value.
 */
public final class RecurringScheduleReader {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private final Function<String, Optional<String>> lookup;
    private final ArgumentBinder binder;

    public RecurringScheduleReader(Function<String, Optional<String>> lookup, ArgumentBinder binder) {
        this.lookup = lookup;
        this.binder = binder;
    }

    /** The schedule, empty when the job has none; problems are added to {@code problems}. */
    public Optional<RecurringSchedule> read(JobDefinition job, List<String> problems) {
        Recurring annotation = job.beanClass().getAnnotation(Recurring.class);
        Optional<String> cronText = lookup.apply(ConfigKeys.recurringCron(job.name())).map(String::trim)
                .or(() -> Optional.ofNullable(annotation).map(Recurring::cron));
        if (cronText.isEmpty()) {
            return Optional.empty();
        }
        int problemsBefore = problems.size();
        Cron cron = parseCron(job, cronText.get(), problems);
        String zoneText = setting(ConfigKeys.recurringZone(job.name()), annotation == null ? "UTC" : annotation.zone());
        ZoneId zone = ZoneId.of("UTC");
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            problems.add(Messages.invalidSchedule(job.describe(), "time zone", zoneText, e.getMessage()));
        }
        String argsText = setting(ConfigKeys.recurringArgs(job.name()), annotation == null ? "[]" : annotation.args());
        List<String> argumentsJson = arguments(job, argsText, problems);
        String missedText = setting(ConfigKeys.recurringMissed(job.name()),
                annotation == null ? Recurring.Missed.RUN_ONCE.name() : annotation.missed().name());
        Recurring.Missed missed = Recurring.Missed.RUN_ONCE;
        try {
            missed = Recurring.Missed.valueOf(missedText.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.add(Messages.invalidSchedule(job.describe(), "missed policy", missedText, "use run-once or skip"));
        }
        if (problems.size() > problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new RecurringSchedule(job, cronText.get(), zone, argumentsJson, missed, ExecutionTime.forCron(cron)));
    }

    private String setting(String key, String annotated) {
        return lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(annotated);
    }

    private static Cron parseCron(JobDefinition job, String text, List<String> problems) {
        try {
            CronParser parser = text.trim().split("\\s+").length == 6 ? WITH_SECONDS : UNIX;
            return parser.parse(text).validate();
        } catch (IllegalArgumentException e) {
            problems.add(Messages.invalidSchedule(job.describe(), "cron expression", text,
                    e.getMessage() + "; use 5 fields, or 6 with seconds first"));
            return null;
        }
    }

    private List<String> arguments(JobDefinition job, String text, List<String> problems) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_ARRAY) {
                throw new JsonException("it does not start with [");
            }
            JsonArray args = parser.getArray();
            if (parser.hasNext()) {
                throw new JsonException("there is more after the array");
            }
            binder.bind(job, args);
            return args.stream().map(JsonValue::toString).toList();
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            problems.add(Messages.invalidSchedule(job.describe(), "arguments", text, "not a JSON array: " + e.getMessage()));
        } catch (ArgumentBindingException e) {
            problems.add(Messages.invalidSchedule(job.describe(), "arguments", text, e.getMessage()));
        }
        return List.of();
    }
}
