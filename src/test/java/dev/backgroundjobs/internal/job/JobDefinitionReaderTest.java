package dev.backgroundjobs.internal.job;

import dev.backgroundjobs.BackgroundJob;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobDefinitionReaderTest {

    // ---- argument types ---------------------------------------------------------------------------

    public record Address(String street, String city) {
    }

    public interface Shape {
    }

    public abstract static class AbstractShape {
    }

    public static class NoDefaultConstructor {
        public NoDefaultConstructor(String value) {
        }
    }

    public class Inner {
    }

    public record WithShape(String name, Shape shape) {
    }

    /** Not public: Yasson cannot read it. */
    record HiddenAddress(String city) {
    }

    // ---- jobs -------------------------------------------------------------------------------------

    @BackgroundJob
    static class RefreshCache {
        public void perform(Address address, List<Address> more, Map<String, Object> data, int count) {
        }
    }

    @BackgroundJob(name = "mail.Send", queue = "mail")
    static class SendMail {
        public void perform(String to) {
        }
    }

    @BackgroundJob
    static class NoArguments {
        public void perform() {
        }
    }

    @BackgroundJob
    static class NoPerform {
        public void run() {
        }
    }

    @BackgroundJob
    static class HiddenPerform {
        void perform() {
        }
    }

    @BackgroundJob
    static class TwoPerform {
        public void perform(String a) {
        }

        public void perform(String a, int b) {
        }
    }

    @BackgroundJob
    static class StaticPerform {
        public static void perform(String a) {
        }
    }

    @BackgroundJob(queue = "high priority")
    static class QueueWithSpace {
        public void perform() {
        }
    }

    @BackgroundJob(queue = "a:b")
    static class QueueWithColon {
        public void perform() {
        }
    }

    @BackgroundJob(queue = "*")
    static class WildcardQueue {
        public void perform() {
        }
    }

    @BackgroundJob(queue = "")
    static class EmptyQueue {
        public void perform() {
        }
    }

    @BackgroundJob(name = "send mail")
    static class NameWithSpace {
        public void perform() {
        }
    }

    @BackgroundJob(name = "  ")
    static class BlankName {
        public void perform() {
        }
    }

    @BackgroundJob
    static class InterfaceParameter {
        public void perform(Shape shape) {
        }
    }

    @BackgroundJob
    static class AbstractClassParameter {
        public void perform(AbstractShape shape) {
        }
    }

    @BackgroundJob
    static class TypeVariableParameter {
        public <T> void perform(T value) {
        }
    }

    @BackgroundJob
    static class ClassTypeVariableParameter<T> {
        public void perform(T value) {
        }
    }

    @BackgroundJob
    static class WildcardParameter {
        public void perform(List<?> values) {
        }
    }

    @BackgroundJob
    static class BoundedWildcardParameter {
        public void perform(List<? extends Number> values) {
        }
    }

    @BackgroundJob
    static class NoDefaultConstructorParameter {
        public void perform(NoDefaultConstructor value) {
        }
    }

    @BackgroundJob
    static class InnerClassParameter {
        public void perform(Inner value) {
        }
    }

    @BackgroundJob
    static class RecordWithInterfaceParameter {
        public void perform(WithShape value) {
        }
    }

    @BackgroundJob
    static class ListOfInterfaceParameter {
        public void perform(List<Shape> shapes) {
        }
    }

    @BackgroundJob
    static class SecondParameterUnreadable {
        public void perform(String name, Shape shape) {
        }
    }

    @BackgroundJob
    static class HiddenRecordParameter {
        public void perform(HiddenAddress address) {
        }
    }

    @BackgroundJob(name = "bad name", queue = "bad queue")
    static class ManyProblems {
        public void perform(Shape shape, List<?> values, String fine) {
        }
    }

    @BackgroundJob(queue = "a,b")
    static class NoPerformAndBadQueue {
    }

    public abstract static class Handler<T> {
        public abstract void perform(T value);
    }

    /** Overrides a generic perform: javac adds a bridge perform(Object), which is not a second perform. */
    @BackgroundJob
    static class AddressHandler extends Handler<Address> {
        @Override
        public void perform(Address value) {
        }
    }

    public static class BaseJob {
        public void perform(String value) {
        }
    }

    @BackgroundJob
    static class InheritedPerform extends BaseJob {
    }

    static class NotAJob {
        public void perform() {
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static JobDefinition valid(Class<?> job) {
        JobDefinitionReader.Result result = JobDefinitionReader.read(job);
        assertTrue(result.valid(), () -> result.problems().toString());
        assertTrue(result.problems().isEmpty());
        return result.definition();
    }

    /** Reads an invalid job and returns its only problem, checking it names the class. */
    private static String onlyProblem(Class<?> job) {
        JobDefinitionReader.Result result = JobDefinitionReader.read(job);
        assertFalse(result.valid());
        assertNull(result.definition());
        assertEquals(1, result.problems().size(), () -> result.problems().toString());
        String problem = result.problems().get(0);
        assertTrue(problem.contains("@BackgroundJob on " + job.getName() + ":"), problem);
        return problem;
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected \"" + part + "\" in: " + text);
        }
    }

    // ---- tests ------------------------------------------------------------------------------------

    @Nested
    class ValidJobs {

        @Test
        void defaultNameIsTheSimpleClassNameAndDefaultQueueIsDefault() {
            JobDefinition job = valid(RefreshCache.class);
            assertAll(
                    () -> assertEquals("RefreshCache", job.name()),
                    () -> assertEquals("default", job.queue()),
                    () -> assertSame(RefreshCache.class, job.beanClass()),
                    () -> assertEquals("perform", job.perform().getName()),
                    () -> assertNull(job.bean()));
        }

        @Test
        void customNameAndQueue() {
            JobDefinition job = valid(SendMail.class);
            assertEquals("mail.Send", job.name());
            assertEquals("mail", job.queue());
        }

        @Test
        void parameterTypesAreTheGenericDeclaredTypes() throws NoSuchMethodException {
            JobDefinition job = valid(RefreshCache.class);
            List<Type> expected = List.of(RefreshCache.class
                    .getMethod("perform", Address.class, List.class, Map.class, int.class).getGenericParameterTypes());
            assertEquals(expected, job.parameterTypes());
            assertEquals(4, job.arity());
            assertEquals("more", job.parameter(1).getName());
        }

        @Test
        void performWithoutParameters() {
            assertEquals(0, valid(NoArguments.class).arity());
        }

        @Test
        void overridingAGenericPerformIsOnePerform() {
            JobDefinition job = valid(AddressHandler.class);
            assertEquals(List.of(Address.class), job.parameterTypes());
        }

        @Test
        void inheritedPerform() {
            assertSame(BaseJob.class, valid(InheritedPerform.class).perform().getDeclaringClass());
        }

        @Test
        void performOfANonPublicClassInAnotherPackageCanBeCalled() throws ReflectiveOperationException {
            Class<?> type = Class.forName("dev.backgroundjobs.internal.job.fixtures.PackagePrivateJob");
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            JobDefinition job = valid(type);
            assertEquals("x!", job.perform().invoke(constructor.newInstance(), "x"));
        }

        @Test
        void describeShowsNameAndClass() {
            assertEquals("RefreshCache (" + RefreshCache.class.getName() + ")", valid(RefreshCache.class).describe());
        }

        @Test
        void describeQuotesACustomName() {
            assertEquals("'mail.Send' (" + SendMail.class.getName() + ")", valid(SendMail.class).describe());
        }
    }

    @Nested
    class InvalidJobs {

        @Test
        void classWithoutTheAnnotationIsRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JobDefinitionReader.read(NotAJob.class));
            assertContains(e.getMessage(), NotAJob.class.getName(), "@BackgroundJob");
        }

        @Test
        void noPerform() {
            assertContains(onlyProblem(NoPerform.class), "BGJ0001E", "perform(...) is missing");
        }

        @Test
        void nonPublicPerformIsNotFound() {
            assertContains(onlyProblem(HiddenPerform.class), "BGJ0001E");
        }

        @Test
        void twoPerformOverloads() {
            assertContains(onlyProblem(TwoPerform.class), "BGJ0002E", "2 public methods are named perform");
        }

        @Test
        void staticPerform() {
            assertContains(onlyProblem(StaticPerform.class), "BGJ0003E", "static");
        }

        @Test
        void queueWithSpace() {
            assertContains(onlyProblem(QueueWithSpace.class), "BGJ0007E", "'high priority'");
        }

        @Test
        void queueWithColon() {
            assertContains(onlyProblem(QueueWithColon.class), "BGJ0007E", "'a:b'");
        }

        @Test
        void wildcardQueue() {
            assertContains(onlyProblem(WildcardQueue.class), "BGJ0007E", "'*'");
        }

        @Test
        void emptyQueue() {
            assertContains(onlyProblem(EmptyQueue.class), "BGJ0007E", "''");
        }

        @Test
        void nameWithSpace() {
            assertContains(onlyProblem(NameWithSpace.class), "BGJ0006E", "'send mail'");
        }

        @Test
        void blankName() {
            assertContains(onlyProblem(BlankName.class), "BGJ0006E");
        }

        @Test
        void everyProblemIsReportedAtOnceEachNamingTheClass() {
            List<String> problems = JobDefinitionReader.read(ManyProblems.class).problems();
            assertEquals(4, problems.size(), problems::toString);
            problems.forEach(p -> assertContains(p, ManyProblems.class.getName()));
            assertContains(String.join("\n", problems), "BGJ0006E", "BGJ0007E",
                    "parameter 1 (shape)", "parameter 2 (values)");
        }

        @Test
        void missingPerformAndBadQueueAreBothReported() {
            List<String> problems = JobDefinitionReader.read(NoPerformAndBadQueue.class).problems();
            assertEquals(2, problems.size(), problems::toString);
            assertContains(String.join("\n", problems), "BGJ0001E", "BGJ0007E");
        }

        @Test
        void problemsListIsUnmodifiable() {
            List<String> problems = JobDefinitionReader.read(NoPerform.class).problems();
            assertThrows(UnsupportedOperationException.class, () -> problems.add("x"));
        }
    }

    @Nested
    class UnreadableParameters {

        static Stream<Arguments> jobs() {
            return Stream.of(
                    Arguments.of(InterfaceParameter.class, "shape", "the interface " + Shape.class.getName()),
                    Arguments.of(AbstractClassParameter.class, "shape",
                            "the abstract class " + AbstractShape.class.getName()),
                    Arguments.of(TypeVariableParameter.class, "value", "the type variable T"),
                    Arguments.of(ClassTypeVariableParameter.class, "value", "the type variable T"),
                    Arguments.of(WildcardParameter.class, "values", "the wildcard ?"),
                    Arguments.of(BoundedWildcardParameter.class, "values", "the wildcard ? extends java.lang.Number"),
                    Arguments.of(NoDefaultConstructorParameter.class, "value",
                            NoDefaultConstructor.class.getName() + " has no public or protected no-argument constructor"),
                    Arguments.of(InnerClassParameter.class, "value", "the inner class " + Inner.class.getName()),
                    Arguments.of(RecordWithInterfaceParameter.class, "value",
                            "component shape of " + WithShape.class.getName() + ": the interface"),
                    Arguments.of(ListOfInterfaceParameter.class, "shapes", "the interface " + Shape.class.getName()));
        }

        @ParameterizedTest
        @MethodSource("jobs")
        void isReportedNamingClassParameterAndReason(Class<?> job, String parameter, String reason) {
            assertContains(onlyProblem(job), "BGJ0004E", "parameter 1 (" + parameter + ") of perform",
                    "cannot be read from JSON with JSON-B: " + reason);
        }

        @Test
        void positionCountsFromOne() {
            assertContains(onlyProblem(SecondParameterUnreadable.class), "parameter 2 (shape)");
        }

        /**
         * Yasson reads and writes only public classes: a package-private record would deploy and then
         * fail at every enqueue and every run, so deployment rejects it.
         */
        @Test
        void nonPublicTypeIsReported() throws Exception {
            try (var jsonb = JsonbBuilder.create()) {
                assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"city\":\"Lyon\"}", HiddenAddress.class),
                        "premise: JSON-B cannot read a package-private record");
            }
            assertContains(onlyProblem(HiddenRecordParameter.class), "BGJ0004E", "parameter 1 (address)");
        }
    }
}
