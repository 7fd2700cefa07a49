package dev.backgroundjobs.internal.payload;

import dev.backgroundjobs.BackgroundJob;
import dev.backgroundjobs.internal.job.JobDefinition;
import dev.backgroundjobs.internal.job.JobDefinitionReader;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Job classes and argument types for the binder tests. Argument types are public: Yasson reads and
 * writes only public classes.
 */
public final class TestJobs {

    /** One JSON-B for the whole suite: creating one takes far longer than using it. */
    static final Jsonb JSONB = JsonbBuilder.create();

    private TestJobs() {
    }

    static JobDefinition definition(Class<?> job) {
        JobDefinitionReader.Result result = JobDefinitionReader.read(job);
        assertTrue(result.valid(), () -> "fixture " + job.getName() + " is not a valid job: " + result.problems());
        return result.definition();
    }

    static JsonArray jsonArray(String json) {
        return Json.createReader(new StringReader(json)).readArray();
    }

    public record Address(String street, String city) {
    }

    public enum Priority {
        LOW, HIGH
    }

    /** A JavaBean with a no-argument constructor and setters. */
    public static class Customer {
        private String name;
        private int age;

        public Customer() {
        }

        public Customer(String name, int age) {
            this.name = name;
            this.age = age;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getAge() {
            return age;
        }

        public void setAge(int age) {
            this.age = age;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customer c && Objects.equals(name, c.name) && age == c.age;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, age);
        }
    }

    /** The argument of the PHP-Resque harness job in the fixtures file. */
    public record HarnessArgs(String harness, Map<String, Object> nested, int seq) {
    }

    /** A value JSON-B cannot write: its only property throws. */
    public static class Unwritable {
        public String getValue() {
            throw new IllegalStateException("no value");
        }
    }

    @BackgroundJob
    public static class SendMail {
        public void perform(String to, int attempts) {
        }
    }

    @BackgroundJob(name = "Archive")
    public static class ArchiveJob {
        public void perform(int id, String label) {
        }
    }

    @BackgroundJob
    public static class Numbers {
        public void perform(int i, long l, double d, boolean b) {
        }
    }

    @BackgroundJob
    public static class Count {
        public void perform(int count) {
        }
    }

    @BackgroundJob
    public static class BoxedCount {
        public void perform(Integer count) {
        }
    }

    @BackgroundJob
    public static class Widening {
        public void perform(long id, double ratio) {
        }
    }

    @BackgroundJob
    public static class Ship {
        public void perform(Address address) {
        }
    }

    @BackgroundJob
    public static class ShipMany {
        public void perform(List<Address> addresses) {
        }
    }

    @BackgroundJob
    public static class Register {
        public void perform(Customer customer) {
        }
    }

    @BackgroundJob
    public static class Generic {
        public void perform(Map<String, Object> data) {
        }
    }

    @BackgroundJob
    public static class Times {
        public void perform(Instant at, LocalDate day) {
        }
    }

    @BackgroundJob
    public static class Prioritized {
        public void perform(Priority priority) {
        }
    }

    @BackgroundJob
    public static class NoArgs {
        public void perform() {
        }
    }

    @BackgroundJob
    public static class AnyValue {
        public void perform(Object value) {
        }
    }

    @BackgroundJob(name = "Harness_Record")
    public static class HarnessRecord {
        public void perform(HarnessArgs args) {
        }
    }

    @BackgroundJob
    public static class Everything {
        public void perform(Address address, List<Address> addresses, Customer customer, Instant at, LocalDate day,
                Priority priority, long id, String note, int[] counts, Map<String, String> labels) {
        }
    }
}
