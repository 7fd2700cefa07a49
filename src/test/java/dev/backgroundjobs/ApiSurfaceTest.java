package dev.backgroundjobs;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The module's public API is what an application may use and what a release must keep: this test
 * fails when a type becomes public API by accident (a public class outside
 * {@code dev.backgroundjobs.internal}), so that adding to the API is a decision made here.
 */
class ApiSurfaceTest {

    private static final Set<String> API = Set.of(
            "dev.backgroundjobs.BackgroundJob",
            "dev.backgroundjobs.BatchStatus",
            "dev.backgroundjobs.FailedJob",
            "dev.backgroundjobs.FailedJobs",
            "dev.backgroundjobs.InvalidJobArgumentsException",
            "dev.backgroundjobs.JobBatch",
            "dev.backgroundjobs.JobChain",
            "dev.backgroundjobs.JobContext",
            "dev.backgroundjobs.JobEnqueueException",
            "dev.backgroundjobs.JobQueue",
            "dev.backgroundjobs.JobRequest",
            "dev.backgroundjobs.JobState",
            "dev.backgroundjobs.JobStatus",
            "dev.backgroundjobs.JobStatus$Progress",
            "dev.backgroundjobs.Recurring",
            "dev.backgroundjobs.Recurring$Missed",
            "dev.backgroundjobs.RecurringJobs",
            "dev.backgroundjobs.RecurringJobs$Info",
            "dev.backgroundjobs.UniqueJob",
            "dev.backgroundjobs.UniqueJob$Until",
            "dev.backgroundjobs.event.JobCancelled",
            "dev.backgroundjobs.event.JobDead",
            "dev.backgroundjobs.event.JobEnqueued",
            "dev.backgroundjobs.event.JobEvent",
            "dev.backgroundjobs.event.JobFailed",
            "dev.backgroundjobs.event.JobRetried",
            "dev.backgroundjobs.event.JobStarted",
            "dev.backgroundjobs.event.JobSucceeded");

    private static final JavaClasses MODULE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.backgroundjobs");

    @Test
    void thePublicTypesOutsideTheInternalPackagesAreExactlyTheApi() {
        Set<String> publicOutsideInternal = MODULE.stream()
                .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(type -> !type.getPackageName().startsWith("dev.backgroundjobs.internal"))
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(API), publicOutsideInternal);
    }

    @Test
    void theApiDependsOnNothingInternal() {
        noClasses().that().resideInAnyPackage("dev.backgroundjobs", "dev.backgroundjobs.event")
                .should().dependOnClassesThat().resideInAPackage("dev.backgroundjobs.internal..")
                .check(MODULE);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.backgroundjobs.(**)").should().beFreeOfCycles().check(MODULE);
    }
}
