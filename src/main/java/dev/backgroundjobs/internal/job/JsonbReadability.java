package dev.backgroundjobs.internal.job;

import jakarta.json.bind.annotation.JsonbCreator;

import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Decides at deployment whether JSON-B can create a value of a parameter type from JSON, following the
 * types the JSON-B specification maps by default. It looks through records and generic arguments, so a
 * {@code List<Address>} whose {@code Address} is an interface is reported before any job runs.
 */
final class JsonbReadability {

    private static final Set<Class<?>> VALUE_TYPES = Set.of(String.class, Character.class, Boolean.class,
            Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, Number.class,
            BigDecimal.class, BigInteger.class, URI.class, URL.class, UUID.class, Date.class, Calendar.class,
            TimeZone.class, OptionalInt.class, OptionalLong.class, OptionalDouble.class, Object.class);

    private JsonbReadability() {
    }

    /** Why JSON-B cannot read the type, or empty when it can. */
    static Optional<String> problem(Type type) {
        return problem(type, new HashSet<>());
    }

    private static Optional<String> problem(Type type, Set<Type> seen) {
        if (!seen.add(type)) {
            return Optional.empty();
        }
        if (type instanceof TypeVariable<?> variable) {
            return Optional.of("the type variable " + variable.getName() + " has no concrete type at run time");
        }
        if (type instanceof WildcardType wildcard) {
            return Optional.of("the wildcard " + wildcard + " has no concrete type; name the element type");
        }
        if (type instanceof GenericArrayType array) {
            return problem(array.getGenericComponentType(), seen);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (raw == Optional.class || Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
                Optional<String> rawProblem = containerProblem(raw);
                if (rawProblem.isPresent()) {
                    return rawProblem;
                }
                for (Type argument : parameterized.getActualTypeArguments()) {
                    Optional<String> argumentProblem = problem(argument, seen);
                    if (argumentProblem.isPresent()) {
                        return argumentProblem;
                    }
                }
                return Optional.empty();
            }
            return problem(raw, seen);
        }
        return classProblem((Class<?>) type, seen);
    }

    private static Optional<String> classProblem(Class<?> type, Set<Type> seen) {
        if (type.isPrimitive() || type.isEnum() || VALUE_TYPES.contains(type)
                || type.getName().startsWith("java.time.") || type.getName().startsWith("jakarta.json.")) {
            return Optional.empty();
        }
        if (type.isArray()) {
            return problem(type.getComponentType(), seen);
        }
        if (type == Optional.class || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
            return containerProblem(type);
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return Optional.of((type.isInterface() ? "the interface " : "the abstract class ") + type.getName()
                    + " cannot be instantiated; use a concrete class or a record");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return Optional.of("JSON-B reads only public types; make " + type.getName() + " public");
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                Optional<String> componentProblem = problem(component.getGenericType(), seen);
                if (componentProblem.isPresent()) {
                    return Optional.of("component " + component.getName() + " of " + type.getName() + ": "
                            + componentProblem.get());
                }
            }
            return Optional.empty();
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            return Optional.of("the inner class " + type.getName() + " needs an enclosing instance; make it static");
        }
        if (!hasCreator(type)) {
            return Optional.of(type.getName()
                    + " has no public or protected no-argument constructor and no @JsonbCreator");
        }
        return Optional.empty();
    }

    /** Collections and maps: JSON-B creates the standard implementation for the interfaces it knows. */
    private static Optional<String> containerProblem(Class<?> type) {
        boolean knownInterface = type == Optional.class || type == Collection.class || type == List.class
                || type == Set.class || type == Map.class || type.getName().startsWith("java.util.");
        boolean concrete = !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
        if (knownInterface || concrete) {
            return Optional.empty();
        }
        return Optional.of("the collection type " + type.getName() + " cannot be instantiated; use List, Set or Map");
    }

    private static boolean hasCreator(Class<?> type) {
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            int modifiers = constructor.getModifiers();
            if (constructor.isAnnotationPresent(JsonbCreator.class)
                    || constructor.getParameterCount() == 0 && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))) {
                return true;
            }
        }
        return Arrays.stream(type.getDeclaredMethods())
                .filter((Method m) -> Modifier.isStatic(m.getModifiers()))
                .anyMatch(m -> m.isAnnotationPresent(JsonbCreator.class));
    }
}
