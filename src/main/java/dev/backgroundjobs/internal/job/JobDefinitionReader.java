package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.common.QueueNames;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads and validates the definition of one {@code @BackgroundJob} class, reporting every problem. */
public final class JobDefinitionReader {

    private JobDefinitionReader() {
    }

    /** The definition, or the problems that keep the class from being a job. */
    public record Result(JobDefinition definition, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static Result read(Class<?> type) {
        BackgroundJob annotation = type.getAnnotation(BackgroundJob.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @BackgroundJob");
        }
        List<String> problems = new ArrayList<>();
        String name = annotation.name().isEmpty() ? type.getSimpleName() : annotation.name();
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            problems.add(Messages.invalidJobName(type, name));
        }
        if (!QueueNames.isValid(annotation.queue())) {
            problems.add(Messages.invalidQueueName(type, annotation.queue()));
        }
        List<Method> performs = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals("perform") && !m.isBridge() && !m.isSynthetic())
                .toList();
        Method perform = null;
        if (performs.isEmpty()) {
            problems.add(Messages.noPerform(type));
        } else if (performs.size() > 1) {
            problems.add(Messages.severalPerform(type, performs.size()));
        } else {
            perform = performs.get(0);
            // Job classes need not be public; the worker calls perform from the module's package.
            perform.trySetAccessible();
            if (Modifier.isStatic(perform.getModifiers())) {
                problems.add(Messages.staticPerform(type));
            }
            Parameter[] parameters = perform.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                Optional<String> problem = JsonbReadability.problem(parameters[i].getParameterizedType());
                if (problem.isPresent()) {
                    problems.add(Messages.unreadableParameter(type, i + 1, parameters[i].getName(), problem.get()));
                }
            }
        }
        JobDefinition definition = problems.isEmpty()
                ? new JobDefinition(name, annotation.queue(), type, perform, null, null)
                : null;
        return new Result(definition, List.copyOf(problems));
    }
}
