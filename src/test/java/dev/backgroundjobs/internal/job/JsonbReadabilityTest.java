package dev.backgroundjobs.internal.job;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The type rules on their own; {@link JobDefinitionReaderTest} covers how their findings reach the
 * deployment messages.
 */
class JsonbReadabilityTest {

    public record Address(String street, String city) {
    }

    public enum Priority {
        LOW, HIGH
    }

    public interface Shape {
    }

    public record Node(String name, List<Node> children) {
    }

    public record Order(Address shipTo, List<Address> stops, Map<String, Priority> flags) {
    }

    public record Nested(Order order) {
    }

    public record Holder(Nested nested) {
    }

    public record WithShapes(List<Shape> shapes) {
    }

    public static class ProtectedConstructor {
        protected ProtectedConstructor() {
        }
    }

    public static class PrivateConstructor {
        private PrivateConstructor() {
        }
    }

    public static class PackageConstructor {
        PackageConstructor() {
        }
    }

    public static class CreatorConstructor {
        @JsonbCreator
        public CreatorConstructor(@JsonbProperty("value") String value) {
        }
    }

    public static class CreatorFactory {
        private CreatorFactory() {
        }

        @JsonbCreator
        public static CreatorFactory of(@JsonbProperty("value") String value) {
            return new CreatorFactory();
        }
    }

    public interface Bag<E> extends Collection<E> {
    }

    /** Holds the generic types under test; each field's generic type is one case. */
    @SuppressWarnings("unused")
    static class Types {
        int primitive;
        String string;
        Integer boxed;
        BigDecimal decimal;
        UUID uuid;
        Object anything;
        Priority enumeration;
        Instant instant;
        LocalDate date;
        JsonObject jsonObject;
        Address record;
        Address[] arrayOfRecords;
        int[] primitiveArray;
        List<Address> listOfRecords;
        List<List<Address>> listOfLists;
        Set<String> setOfStrings;
        ArrayList<Address> concreteList;
        Map<String, Address> mapOfRecords;
        Map<String, List<Address>> mapOfLists;
        Optional<Address> optionalRecord;
        Node recursive;
        Holder deep;
        ProtectedConstructor protectedConstructor;
        CreatorConstructor creatorConstructor;
        CreatorFactory creatorFactory;

        Shape iface;
        Map<String, Shape> mapOfInterface;
        Map<Shape, String> mapWithInterfaceKey;
        Optional<Shape> optionalInterface;
        Shape[] arrayOfInterface;
        List<Shape>[] genericArrayOfInterface;
        List<List<Shape>> listOfListOfInterface;
        Bag<String> customCollectionInterface;
        Iterable<String> iterable;
        PrivateConstructor privateConstructor;
        PackageConstructor packageConstructor;
        WithShapes recordWithListOfInterface;
    }

    private static Type type(String field) {
        try {
            return Types.class.getDeclaredField(field).getGenericType();
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"primitive", "string", "boxed", "decimal", "uuid", "anything", "enumeration", "instant",
            "date", "jsonObject", "record", "arrayOfRecords", "primitiveArray", "listOfRecords", "listOfLists",
            "setOfStrings", "concreteList", "mapOfRecords", "mapOfLists", "optionalRecord", "recursive", "deep",
            "protectedConstructor", "creatorConstructor", "creatorFactory"})
    void readable(String field) {
        assertEquals(Optional.empty(), JsonbReadability.problem(type(field)), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iface", "mapOfInterface", "mapWithInterfaceKey", "optionalInterface",
            "arrayOfInterface", "genericArrayOfInterface", "listOfListOfInterface"})
    void interfaceAnywhereInsideIsFound(String field) {
        String problem = JsonbReadability.problem(type(field)).orElseThrow();
        assertTrue(problem.contains("the interface " + Shape.class.getName()), problem);
    }

    @Test
    void customCollectionInterface() {
        String problem = JsonbReadability.problem(type("customCollectionInterface")).orElseThrow();
        assertTrue(problem.contains("the collection type " + Bag.class.getName() + " cannot be instantiated"), problem);
    }

    @Test
    void iterableIsNotACollection() {
        String problem = JsonbReadability.problem(type("iterable")).orElseThrow();
        assertTrue(problem.contains("the interface java.lang.Iterable"), problem);
    }

    @Test
    void privateNoArgumentConstructor() {
        assertTrue(JsonbReadability.problem(type("privateConstructor")).orElseThrow()
                .contains("no public or protected no-argument constructor and no @JsonbCreator"));
    }

    @Test
    void packagePrivateNoArgumentConstructor() {
        assertTrue(JsonbReadability.problem(type("packageConstructor")).isPresent());
    }

    @Test
    void recordComponentProblemNamesTheComponent() {
        String problem = JsonbReadability.problem(type("recordWithListOfInterface")).orElseThrow();
        assertTrue(problem.startsWith("component shapes of " + WithShapes.class.getName() + ": the interface "),
                problem);
    }
}
