package dev.backgroundjobs.internal.cdi;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/** Tells the module's internal types from its API, for the injection guard. */
final class ModuleTypes {

    private static final String INTERNAL_PACKAGES = "dev.backgroundjobs.internal.";

    private ModuleTypes() {
    }

    static boolean isInternal(Class<?> type) {
        return type.getName().startsWith(INTERNAL_PACKAGES);
    }

    /**
     * The first internal type named by an injection point's type, looking into type arguments too,
     * so that {@code Instance<QueueStore>} and {@code Provider<RedisInspector>} are caught as well.
     */
    static Optional<Class<?>> internalTypeIn(Type type) {
        return typesNamedBy(type).filter(ModuleTypes::isInternal).findFirst();
    }

    private static Stream<Class<?>> typesNamedBy(Type type) {
        if (type instanceof Class<?> plain) {
            return plain.isArray() ? typesNamedBy(plain.getComponentType()) : Stream.of(plain);
        }
        if (type instanceof ParameterizedType parameterized) {
            return Stream.concat(typesNamedBy(parameterized.getRawType()),
                    Arrays.stream(parameterized.getActualTypeArguments()).flatMap(ModuleTypes::typesNamedBy));
        }
        if (type instanceof WildcardType wildcard) {
            return Stream.concat(Arrays.stream(wildcard.getUpperBounds()), Arrays.stream(wildcard.getLowerBounds()))
                    .flatMap(ModuleTypes::typesNamedBy);
        }
        if (type instanceof GenericArrayType array) {
            return typesNamedBy(array.getGenericComponentType());
        }
        return Stream.empty();
    }
}
