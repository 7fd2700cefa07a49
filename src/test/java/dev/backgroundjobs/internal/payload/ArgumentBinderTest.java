package dev.backgroundjobs.internal.payload;

import dev.backgroundjobs.InvalidJobArgumentsException;
import dev.backgroundjobs.internal.job.JobDefinition;
import dev.backgroundjobs.internal.payload.TestJobs.Address;
import dev.backgroundjobs.internal.payload.TestJobs.Customer;
import dev.backgroundjobs.internal.payload.TestJobs.HarnessArgs;
import dev.backgroundjobs.internal.payload.TestJobs.Priority;
import jakarta.json.JsonArray;
import jakarta.json.bind.JsonbException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static dev.backgroundjobs.internal.payload.TestJobs.definition;
import static dev.backgroundjobs.internal.payload.TestJobs.jsonArray;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgumentBinderTest {

    private final ArgumentBinder binder = new ArgumentBinder(TestJobs.JSONB);

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected \"" + part + "\" in: " + text);
        }
    }

    @org.junit.jupiter.api.Test
    void commonArgumentsAreWrittenAsJsonbWritesThem() {
        Object[] args = {"plain", "quote \" backslash \\ slash / tab \t newline \n", "\u00e9\u4e2d\ud83d\ude00", "\u0001",
                42, -7L, (short) 3, (byte) -1, true, false, Long.MIN_VALUE};
        List<String> expected = java.util.Arrays.stream(args).map(TestJobs.JSONB::toJson).toList();
        assertEquals(expected, binder.toJson("Any", args));
    }

    @Nested
    class ToJson {

        private InvalidJobArgumentsException rejected(Class<?> job, Object... args) {
            JobDefinition definition = definition(job);
            return assertThrows(InvalidJobArgumentsException.class, () -> binder.toJson(definition, args));
        }

        @Test
        void writesOneJsonTextPerArgument() {
            assertEquals(List.of("\"ada@example.com\"", "3"),
                    binder.toJson(definition(TestJobs.SendMail.class), new Object[] {"ada@example.com", 3}));
        }

        @Test
        void writesARecordAsAnObject() {
            assertEquals(List.of("{\"city\":\"Lyon\",\"street\":\"1 rue X\"}"),
                    binder.toJson(definition(TestJobs.Ship.class), new Object[] {new Address("1 rue X", "Lyon")}));
        }

        @Test
        void writesNullForAReferenceParameter() {
            assertEquals(List.of("null", "1"),
                    binder.toJson(definition(TestJobs.SendMail.class), new Object[] {null, 1}));
        }

        @Test
        void noArgumentsForAJobWithoutParameters() {
            assertEquals(List.of(), binder.toJson(definition(TestJobs.NoArgs.class), new Object[0]));
        }

        @Test
        void tooFewArguments() {
            InvalidJobArgumentsException e = rejected(TestJobs.SendMail.class, "ada@example.com");
            assertContains(e.getMessage(), "BGJ0021E", "SendMail", "perform takes 2 arguments but 1 was given");
        }

        @Test
        void tooManyArguments() {
            InvalidJobArgumentsException e = rejected(TestJobs.Count.class, 1, 2, 3);
            assertContains(e.getMessage(), "BGJ0021E", "perform takes 1 argument but 3 were given");
        }

        @Test
        void wrongTypeNamesPositionParameterAndTypes() {
            InvalidJobArgumentsException e = rejected(TestJobs.SendMail.class, "ada@example.com", "three");
            assertContains(e.getMessage(), "BGJ0022E", TestJobs.SendMail.class.getName(),
                    "parameter 2 (attempts) of perform expects int but was given java.lang.String");
        }

        @Test
        void wrongTypeForARecord() {
            InvalidJobArgumentsException e = rejected(TestJobs.Ship.class, new Customer("Ada", 36));
            assertContains(e.getMessage(), "parameter 1 (address)", Address.class.getTypeName(),
                    Customer.class.getName());
        }

        @Test
        void nullForAPrimitive() {
            InvalidJobArgumentsException e = rejected(TestJobs.Count.class, (Object) null);
            assertContains(e.getMessage(), "parameter 1 (count) of perform expects int but was given null");
        }

        @Test
        void integerWidensToLongAndDouble() {
            assertEquals(List.of("5", "2"), binder.toJson(definition(TestJobs.Widening.class), new Object[] {5, 2}));
        }

        @Test
        void byteAndShortWidenToInt() {
            JobDefinition count = definition(TestJobs.Count.class);
            assertEquals(List.of("7"), binder.toJson(count, new Object[] {(byte) 7}));
            assertEquals(List.of("7"), binder.toJson(count, new Object[] {(short) 7}));
        }

        @Test
        void longDoesNotNarrowToInt() {
            InvalidJobArgumentsException e = rejected(TestJobs.Count.class, 5L);
            assertContains(e.getMessage(), "expects int but was given java.lang.Long");
        }

        @Test
        void doubleDoesNotNarrowToLong() {
            assertContains(rejected(TestJobs.Widening.class, 1.5, 1.0).getMessage(),
                    "parameter 1 (id) of perform expects long but was given java.lang.Double");
        }

        @Test
        void boxedParameterAcceptsItsBox() {
            assertEquals(List.of("4"), binder.toJson(definition(TestJobs.BoxedCount.class), new Object[] {4}));
        }

        @Test
        void listOfRecordsIsWritten() {
            List<String> json = binder.toJson(definition(TestJobs.ShipMany.class),
                    new Object[] {List.of(new Address("a", "b"))});
            assertEquals(List.of("[{\"city\":\"b\",\"street\":\"a\"}]"), json);
        }

        @Test
        void listOfWrongElementsIsRejected() {
            InvalidJobArgumentsException e = rejected(TestJobs.ShipMany.class, List.of("1 rue X"));
            assertContains(e.getMessage(), "BGJ0022E", "parameter 1 (addresses)",
                    "java.util.List<" + Address.class.getTypeName() + ">");
        }

        @Test
        void unserializableArgumentIsRejected() {
            Logger yasson = Logger.getLogger("org.eclipse.yasson");
            Level level = yasson.getLevel();
            yasson.setLevel(Level.OFF); // Yasson logs "Generating incomplete JSON" before it throws
            try {
                InvalidJobArgumentsException e = rejected(TestJobs.AnyValue.class, new TestJobs.Unwritable());
                assertContains(e.getMessage(), "BGJ0023E", "AnyValue", "argument 1 cannot be written as JSON");
            } finally {
                yasson.setLevel(level);
            }
        }

        @Test
        void jobByNameIsWrittenUnchecked() {
            assertEquals(List.of("{\"from\":\"java\"}", "null", "1"),
                    binder.toJson("Harness_Record", new Object[] {Map.of("from", "java"), null, 1}));
        }

        static Stream<Object> acceptedForAnIntParameter() {
            return Stream.of((byte) 1, (short) 2, 3, 'A');
        }

        /**
         * Whatever toJson lets through must bind in the worker. A Character is refused for an int
         * parameter although Java widens char to int: JSON-B writes it as the string "A", which no
         * worker can read as an int.
         */
        @ParameterizedTest
        @MethodSource("acceptedForAnIntParameter")
        void argumentsAcceptedAtEnqueueBindInTheWorker(Object value) {
            JobDefinition count = definition(TestJobs.Count.class);
            List<String> json;
            try {
                json = binder.toJson(count, new Object[] {value});
            } catch (InvalidJobArgumentsException rejectedAtEnqueue) {
                return; // rejecting it at enqueue time is just as good
            }
            JsonArray payloadArgs = jsonArray("[" + json.get(0) + "]");
            Object[] bound = assertDoesNotThrow(() -> binder.bind(count, payloadArgs),
                    "accepted at enqueue as " + json.get(0) + " but cannot be bound in the worker");
            assertEquals(((Number) (value instanceof Character c ? (int) c : value)).intValue(), bound[0]);
        }
    }

    @Nested
    class Bind {

        private Object[] bind(Class<?> job, String args) throws ArgumentBindingException {
            return binder.bind(definition(job), jsonArray(args));
        }

        private ArgumentBindingException unbindable(Class<?> job, String args) {
            JobDefinition definition = definition(job);
            JsonArray array = jsonArray(args);
            return assertThrows(ArgumentBindingException.class, () -> binder.bind(definition, array));
        }

        @Test
        void rubyPositionalArguments() throws ArgumentBindingException {
            assertArrayEquals(new Object[] {1, "x"}, bind(TestJobs.ArchiveJob.class, "[1,\"x\"]"));
        }

        @Test
        void primitives() throws ArgumentBindingException {
            assertArrayEquals(new Object[] {1, 2L, 2.5, true}, bind(TestJobs.Numbers.class, "[1,2,2.5,true]"));
        }

        @Test
        void longBeyondIntRange() throws ArgumentBindingException {
            assertEquals(9_007_199_254_740_993L, bind(TestJobs.Widening.class, "[9007199254740993,0]")[0]);
        }

        @Test
        void record() throws ArgumentBindingException {
            assertEquals(new Address("1 rue X", "Lyon"),
                    bind(TestJobs.Ship.class, "[{\"street\":\"1 rue X\",\"city\":\"Lyon\"}]")[0]);
        }

        @Test
        void recordIgnoresUnknownFields() throws ArgumentBindingException {
            assertEquals(new Address("s", "c"),
                    bind(TestJobs.Ship.class, "[{\"street\":\"s\",\"zip\":\"69001\",\"city\":\"c\"}]")[0]);
        }

        @Test
        void pojo() throws ArgumentBindingException {
            assertEquals(new Customer("Ada", 36), bind(TestJobs.Register.class, "[{\"name\":\"Ada\",\"age\":36}]")[0]);
        }

        @Test
        void listOfRecords() throws ArgumentBindingException {
            assertEquals(List.of(new Address("a", "b"), new Address("c", "d")), bind(TestJobs.ShipMany.class,
                    "[[{\"street\":\"a\",\"city\":\"b\"},{\"street\":\"c\",\"city\":\"d\"}]]")[0]);
        }

        @Test
        void mapOfStringToObject() throws ArgumentBindingException {
            Map<String, Object> expected = new HashMap<>();
            expected.put("s", "x");
            expected.put("n", new BigDecimal("2.5"));
            expected.put("list", List.of(new BigDecimal("1"), "y"));
            expected.put("none", null);
            expected.put("flag", true);
            assertEquals(expected, bind(TestJobs.Generic.class,
                    "[{\"s\":\"x\",\"n\":2.5,\"list\":[1,\"y\"],\"none\":null,\"flag\":true}]")[0]);
        }

        @Test
        void instantAndLocalDate() throws ArgumentBindingException {
            assertArrayEquals(new Object[] {Instant.parse("2026-01-12T15:23:55.123Z"), LocalDate.of(2026, 1, 12)},
                    bind(TestJobs.Times.class, "[\"2026-01-12T15:23:55.123Z\",\"2026-01-12\"]"));
        }

        @Test
        void enumByName() throws ArgumentBindingException {
            assertEquals(Priority.HIGH, bind(TestJobs.Prioritized.class, "[\"HIGH\"]")[0]);
        }

        @Test
        void nullForAReferenceParameter() throws ArgumentBindingException {
            Object[] bound = bind(TestJobs.SendMail.class, "[null,3]");
            assertNull(bound[0]);
            assertEquals(3, bound[1]);
        }

        @Test
        void phpSingleHashIntoARecord() throws MalformedPayloadException, ArgumentBindingException {
            Payload payload = PayloadCodec.decode(PayloadCodecTest.PHP_QUEUE_ENTRY.getBytes(StandardCharsets.UTF_8));
            Object[] bound = binder.bind(definition(TestJobs.HarnessRecord.class), payload.args());
            HarnessArgs args = assertInstanceOf(HarnessArgs.class, bound[0]);
            assertEquals("record", args.harness());
            assertEquals(0, args.seq());
            assertEquals(Arrays.asList(new BigDecimal("1"), new BigDecimal("2.5"), "x"), args.nested().get("a"));
            assertNull(args.nested().get("b"));
            assertEquals(true, args.nested().get("t"));
        }

        @Test
        void phpSingleHashIntoAMap() throws MalformedPayloadException, ArgumentBindingException {
            Payload payload = PayloadCodec.decode(PayloadCodecTest.PHP_MINIMAL.getBytes(StandardCharsets.UTF_8));
            assertEquals(Map.of("from", "java"), binder.bind(definition(TestJobs.Generic.class), payload.args())[0]);
        }

        @Test
        void phpArgsWrittenAsAHashIntoARecord() throws MalformedPayloadException, ArgumentBindingException {
            Payload payload = PayloadCodec.decode(
                    "{\"class\":\"Ship\",\"args\":{\"street\":\"s\",\"city\":\"c\"}}".getBytes(StandardCharsets.UTF_8));
            assertEquals(new Address("s", "c"), binder.bind(definition(TestJobs.Ship.class), payload.args())[0]);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[null]", "[[]]", "[{}]"})
        void noArgumentJobAcceptsEmptyPhpArguments(String args) throws ArgumentBindingException {
            assertEquals(0, bind(TestJobs.NoArgs.class, args).length);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[1]", "[{\"a\":1}]", "[null,null]", "[[1]]"})
        void noArgumentJobRejectsRealArguments(String args) {
            assertContains(unbindable(TestJobs.NoArgs.class, args).getMessage(), "BGJ0032E",
                    "perform takes 0 argument(s)");
        }

        @Test
        void tooFewArguments() {
            ArgumentBindingException e = unbindable(TestJobs.SendMail.class, "[\"ada@example.com\"]");
            assertContains(e.getMessage(), "BGJ0032E", "SendMail",
                    "perform takes 2 argument(s), the payload has 1");
        }

        @Test
        void tooManyArguments() {
            assertContains(unbindable(TestJobs.Count.class, "[1,2]").getMessage(),
                    "perform takes 1 argument(s), the payload has 2");
        }

        @Test
        void emptyArgumentsForAOneParameterJob() {
            assertContains(unbindable(TestJobs.Count.class, "[]").getMessage(), "the payload has 0");
        }

        @Test
        void stringForAnIntNamesTheParameter() {
            ArgumentBindingException e = unbindable(TestJobs.SendMail.class, "[\"ada@example.com\",\"three\"]");
            assertContains(e.getMessage(), "BGJ0032E", "parameter 2 (attempts) as int");
            assertInstanceOf(JsonbException.class, e.getCause());
        }

        @Test
        void nullForAPrimitive() {
            assertContains(unbindable(TestJobs.Count.class, "[null]").getMessage(),
                    "parameter 1 (count) as int: null for a primitive");
        }

        @Test
        void objectForAString() {
            assertContains(unbindable(TestJobs.SendMail.class, "[{\"to\":\"x\"},1]").getMessage(),
                    "parameter 1 (to) as java.lang.String");
        }

        @Test
        void stringForARecord() {
            assertContains(unbindable(TestJobs.Ship.class, "[\"1 rue X\"]").getMessage(),
                    "parameter 1 (address) as " + Address.class.getTypeName());
        }

        @Test
        void wrongElementsInAList() {
            assertContains(unbindable(TestJobs.ShipMany.class, "[[\"a\",\"b\"]]").getMessage(),
                    "parameter 1 (addresses) as java.util.List<" + Address.class.getTypeName() + ">");
        }

        @Test
        void unparsableInstant() {
            assertContains(unbindable(TestJobs.Times.class, "[\"yesterday\",\"2026-01-12\"]").getMessage(),
                    "parameter 1 (at) as java.time.Instant");
        }

        @Test
        void unknownEnumConstant() {
            assertContains(unbindable(TestJobs.Prioritized.class, "[\"URGENT\"]").getMessage(),
                    "parameter 1 (priority)");
        }

        /** JSON-B alone would wrap 99999999999 around to 1215752191 in an int. */
        @Test
        void numberOutOfIntRange() {
            assertContains(unbindable(TestJobs.Count.class, "[99999999999]").getMessage(), "parameter 1 (count)");
        }

        /** JSON-B alone would truncate 1.5 to 1 in an int. */
        @Test
        void fractionForAnInt() {
            assertContains(unbindable(TestJobs.Count.class, "[1.5]").getMessage(), "parameter 1 (count)");
        }
    }

    @Nested
    class RoundTrip {

        @Test
        void toJsonEncodeDecodeBindGivesEqualValues() throws Exception {
            JobDefinition job = definition(TestJobs.Everything.class);
            Object[] args = {new Address("1 rue X", "Lyon"), List.of(new Address("a", "b")), new Customer("Ada", 36),
                    Instant.ofEpochSecond(1795768027L, 513_146_789), LocalDate.of(2026, 11, 27), Priority.LOW,
                    9_007_199_254_740_993L, "note with \"quotes\", / and é", new int[] {1, 2, 3},
                    Map.of("k", "v")};

            String payload = PayloadCodec.encode(job.name(), PayloadCodec.newJobId(), Instant.now(),
                    binder.toJson(job, args));
            Object[] bound = binder.bind(job, PayloadCodec.decode(payload.getBytes(StandardCharsets.UTF_8)).args());

            assertArrayEquals(args, bound);
        }

        @Test
        void nullsSurviveTheRoundTrip() throws Exception {
            JobDefinition job = definition(TestJobs.SendMail.class);
            String payload = PayloadCodec.encode(job.name(), "id", Instant.now(),
                    binder.toJson(job, new Object[] {null, 0}));
            Object[] bound = binder.bind(job, PayloadCodec.decode(payload.getBytes(StandardCharsets.UTF_8)).args());
            assertArrayEquals(new Object[] {null, 0}, bound);
        }

        @Test
        void widenedNumberArrivesAsTheParameterType() throws Exception {
            JobDefinition job = definition(TestJobs.Widening.class);
            String payload = PayloadCodec.encode(job.name(), "id", Instant.now(), binder.toJson(job, new Object[] {5, 2}));
            Object[] bound = binder.bind(job, PayloadCodec.decode(payload.getBytes(StandardCharsets.UTF_8)).args());
            assertArrayEquals(new Object[] {5L, 2.0}, bound);
        }
    }
}
