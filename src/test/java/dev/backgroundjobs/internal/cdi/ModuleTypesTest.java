package dev.backgroundjobs.internal.cdi;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.event.JobFailed;
import dev.backgroundjobs.internal.redis.QueueStore;
import jakarta.enterprise.inject.Instance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModuleTypesTest {

    @SuppressWarnings("unused")
    private static final class Shapes {
        QueueStore plain;
        Instance<QueueStore> instance;
        Supplier<? extends QueueStore> wildcard;
        List<Map<String, QueueStore>>[] nested;
        JobQueue api;
        Instance<JobFailed> event;
        String foreign;
    }

    @Test
    void findsAnInternalTypeWhereverTheInjectionPointNamesIt() throws Exception {
        for (String field : List.of("plain", "instance", "wildcard", "nested")) {
            assertEquals(Optional.of(QueueStore.class), internalTypeOf(field), field);
        }
    }

    @Test
    void letsTheApiAndForeignTypesThrough() throws Exception {
        for (String field : List.of("api", "event", "foreign")) {
            assertEquals(Optional.empty(), internalTypeOf(field), field);
        }
    }

    private static Optional<Class<?>> internalTypeOf(String field) throws NoSuchFieldException {
        return ModuleTypes.internalTypeIn(Shapes.class.getDeclaredField(field).getGenericType());
    }
}
