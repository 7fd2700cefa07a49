package dev.backgroundjobs.internal.payload;


import dev.backgroundjobs.InvalidJobArgumentsException;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.job.JobDefinition;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code perform} arguments into JSON at enqueue time, checking them against the parameters the
 * way a method call would, and binds JSON arguments back to the declared parameter types in workers.
 */
public final class ArgumentBinder {

    /**
     * Java's widening conversions between numeric types, by target primitive; char is left out because
     * JSON-B writes it as a string, which no number parameter can read back.
     */
    private static final Map<Class<?>, Set<Class<?>>> WIDENING = Map.of(
            short.class, Set.of(Byte.class),
            int.class, Set.of(Byte.class, Short.class),
            long.class, Set.of(Byte.class, Short.class, Integer.class),
            float.class, Set.of(Byte.class, Short.class, Integer.class, Long.class),
            double.class, Set.of(Byte.class, Short.class, Integer.class, Long.class, Float.class));

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(boolean.class, Boolean.class, byte.class, Byte.class,
            short.class, Short.class, char.class, Character.class, int.class, Integer.class, long.class, Long.class,
            float.class, Float.class, double.class, Double.class);

    private static final Map<Type, long[]> INTEGRAL_RANGES = Map.of(
            byte.class, new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE}, Byte.class, new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE},
            short.class, new long[] {Short.MIN_VALUE, Short.MAX_VALUE}, Short.class, new long[] {Short.MIN_VALUE, Short.MAX_VALUE},
            int.class, new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, Integer.class, new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            long.class, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, Long.class, new long[] {Long.MIN_VALUE, Long.MAX_VALUE});

    private final Jsonb jsonb;

    public ArgumentBinder(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    /**
     * The arguments as JSON, one text per argument.
     *
     * @throws InvalidJobArgumentsException when they do not fit {@code perform}, naming the parameter
     */
    public List<String> toJson(JobDefinition job, Object[] args) {
        if (args.length != job.arity()) {
            throw new InvalidJobArgumentsException(Messages.wrongArgumentCount(job.describe(), job.arity(), args.length));
        }
        return toJson(job, args, args.length);
    }

    /** The first {@code count} arguments as JSON, checked against their parameters. */
    private List<String> toJson(JobDefinition job, Object[] args, int count) {
        List<String> json = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Type type = job.parameterTypes().get(i);
            Class<?> raw = rawType(type);
            String parameter = job.parameter(i).getName();
            if (args[i] == null ? raw.isPrimitive() : !accepts(raw, args[i].getClass())) {
                throw new InvalidJobArgumentsException(Messages.wrongArgumentType(job.describe(), i + 1, parameter,
                        type.getTypeName(), args[i] == null ? "null" : args[i].getClass().getName()));
            }
            String argumentJson = serialize(job::describe, i + 1, args[i]);
            if (type instanceof ParameterizedType || type instanceof GenericArrayType) {
                // Element types are erased at run time; reading the JSON back proves a worker can.
                try {
                    jsonb.fromJson(argumentJson, type);
                } catch (JsonbException e) {
                    throw new InvalidJobArgumentsException(Messages.wrongArgumentType(job.describe(), i + 1,
                            parameter, type.getTypeName(), args[i].getClass().getName() + " (" + e.getMessage() + ")"));
                }
            }
            json.add(argumentJson);
        }
        return json;
    }

    /**
     * The leading arguments of a chain's later step, as JSON: checked as {@link #toJson(JobDefinition, Object[])}
     * checks all, when {@code perform} takes exactly one more (the previous step's result).
     */
    public List<String> leadingToJson(JobDefinition job, Object[] leadingArgs) {
        if (leadingArgs.length + 1 != job.arity()) {
            throw new InvalidJobArgumentsException(Messages.wrongArgumentCount(job.describe() + " (a chain step, which gets the"
                    + " previous step's result as its last argument)", job.arity(), leadingArgs.length + 1));
        }
        Object[] padded = Arrays.copyOf(leadingArgs, job.arity());
        return toJson(job, padded, leadingArgs.length);
    }

    /** What a chain step's {@code perform} returned, as JSON for the next step. */
    public String resultJson(JobDefinition job, Object result) {
        return serialize(() -> job.describe() + " (its result, for the next step of its chain)", 0, result);
    }

    /** The arguments of a job run elsewhere, as JSON, unchecked but for being writable. */
    public List<String> toJson(String jobName, Object[] args) {
        List<String> json = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            json.add(serialize(() -> jobName, i + 1, args[i]));
        }
        return json;
    }

    /** Binds payload arguments to {@code perform}'s declared parameter types. */
    public Object[] bind(JobDefinition job, JsonArray args) throws ArgumentBindingException {
        if (job.arity() == 0 && isEmptyPhpArguments(args)) {
            return new Object[0];
        }
        if (args.size() != job.arity()) {
            throw new ArgumentBindingException(Messages.unbindableArguments(job.describe(),
                    "perform takes " + job.arity() + " argument(s), the payload has " + args.size()), null);
        }
        Object[] bound = new Object[args.size()];
        for (int i = 0; i < bound.length; i++) {
            Type type = job.parameterTypes().get(i);
            JsonValue value = args.get(i);
            String parameter = "parameter " + (i + 1) + " (" + job.parameter(i).getName() + ") as " + type.getTypeName();
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                if (rawType(type).isPrimitive()) {
                    throw new ArgumentBindingException(Messages.unbindableArguments(job.describe(),
                            parameter + ": null for a primitive"), null);
                }
                continue;
            }
            try {
                bound[i] = value instanceof JsonNumber number && INTEGRAL_RANGES.containsKey(type)
                        ? exactIntegral(number, type)
                        : jsonb.fromJson(value.toString(), type);
            } catch (JsonbException | IllegalArgumentException | ClassCastException | ArithmeticException e) {
                throw new ArgumentBindingException(Messages.unbindableArguments(job.describe(),
                        parameter + ": " + e.getMessage()), e);
            }
        }
        return bound;
    }

    /**
     * An integral parameter gets exactly the number the payload holds: JSON-B would truncate 1.5 to 1
     * and wrap 99999999999 around in an int without a word.
     */
    private static Object exactIntegral(JsonNumber number, Type type) {
        long value = number.bigDecimalValue().longValueExact();
        long[] range = INTEGRAL_RANGES.get(type);
        if (value < range[0] || value > range[1]) {
            throw new ArithmeticException(number + " is out of the range of " + type.getTypeName());
        }
        Class<?> boxed = BOXES.getOrDefault((Class<?>) type, (Class<?>) type);
        if (boxed == Byte.class) {
            return (byte) value;
        }
        if (boxed == Short.class) {
            return (short) value;
        }
        return boxed == Integer.class ? (Object) (int) value : (Object) value;
    }

    /** PHP-Resque wraps arguments in a one-element array, so a job without arguments arrives as [null] or [[]]. */
    private static boolean isEmptyPhpArguments(JsonArray args) {
        if (args.isEmpty()) {
            return true;
        }
        if (args.size() != 1) {
            return false;
        }
        JsonValue only = args.get(0);
        return only.getValueType() == JsonValue.ValueType.NULL
                || only.getValueType() == JsonValue.ValueType.ARRAY && only.asJsonArray().isEmpty()
                || only.getValueType() == JsonValue.ValueType.OBJECT && only.asJsonObject().isEmpty();
    }

    /** {@code job} names the job in an error only, so it is built only then. */
    private String serialize(Supplier<String> job, int position, Object arg) {
        if (arg == null) {
            return "null";
        }
        // The most common arguments written directly: the same JSON as JSON-B's, without its
        // per-call machinery on the enqueue path.
        if (arg instanceof Long || arg instanceof Integer || arg instanceof Short || arg instanceof Byte
                || arg instanceof Boolean) {
            return arg.toString();
        }
        if (arg instanceof String text) {
            return PayloadCodec.appendString(new StringBuilder(text.length() + 2), text).toString();
        }
        try {
            return jsonb.toJson(arg);
        } catch (JsonbException e) {
            throw new InvalidJobArgumentsException(Messages.unserializableArgument(job.get(), position, e.getMessage()));
        }
    }

    private static boolean accepts(Class<?> parameter, Class<?> argument) {
        Class<?> boxed = BOXES.getOrDefault(parameter, parameter);
        if (boxed.isAssignableFrom(argument)) {
            return true;
        }
        Class<?> primitive = parameter.isPrimitive() ? parameter : unbox(parameter);
        return primitive != null && WIDENING.getOrDefault(primitive, Set.of()).contains(argument);
    }

    private static Class<?> unbox(Class<?> boxed) {
        return BOXES.entrySet().stream().filter(e -> e.getValue() == boxed).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(rawType(g.getGenericComponentType()), 0).getClass();
        }
        return Object.class;
    }
}
