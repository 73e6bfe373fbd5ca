package io.releasegates;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.releasegates");

    @Test
    void shouldNotDependOnJenkinsStaplerOrTheCli() {
        noClasses().that().resideInAPackage("io.releasegates..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "hudson..", "jenkins..", "org.kohsuke.stapler..", "org.jenkinsci..", "io.jenkins..",
                        "io.releasegates.cli..", "io.releasegates.jenkins..", "picocli..")
                .because("the engine is plain Java: the plugin and the CLI only forward to it")
                .check(ENGINE);
    }

    @Test
    void shouldKeepTheReportModelFreeOfGates() {
        noClasses().that().resideInAPackage("io.releasegates.report..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.releasegates.inventory..", "io.releasegates.scan..", "io.releasegates.backup..",
                        "io.releasegates.integrity..", "io.releasegates.gate..", "io.releasegates.fleet..")
                .because("every gate renders through the shared report model, never the other way round")
                .check(ENGINE);
    }

    @Test
    void shouldHaveNoCyclesBetweenTopLevelPackages() {
        slices().matching("io.releasegates.(*)..")
                .should().beFreeOfCycles()
                .because("a gate that needs another's API may import it, but never both ways round")
                .check(ENGINE);
    }
}
