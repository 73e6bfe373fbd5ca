package io.releasegates;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.releasegates.inventory.MavenRepositoryIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.releasegates");
    private static final String ENGINE_PACKAGE = "io.releasegates.";

    /**
     * The class cycles that are still allowed, each with why (also listed in docs/architecture.md). A listed cycle
     * must match exactly: a cycle that grows, or a new one, fails; so does an entry whose cycle is gone, so that the
     * list only ever shrinks. It is empty: the last three (in fleet.web) were cut in session 7, see
     * docs/architecture.md "Class cycles".
     */
    private static final Map<Set<String>, String> ALLOWED_CLASS_CYCLES = Map.of();

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

    @Test
    void shouldChooseTheMavenRepositoryIndexInOnePlace() {
        noClasses().that().doNotHaveFullyQualifiedName(MavenRepositoryIndex.class.getName())
                .should().callConstructor(MavenRepositoryIndex.class, Path.class, Path.class)
                .because("MavenRepositoryIndex.forRepository is the one factory, and it always turns the SHA-1 cache on")
                .check(ENGINE);
    }

    @Test
    void shouldHaveNoCyclesBetweenClasses() {
        ClassCycles graph = ClassCycles.of(ENGINE, ENGINE_PACKAGE);
        List<String> unexpected = new ArrayList<>();
        Set<Set<String>> seen = new HashSet<>();
        for (SortedSet<String> cycle : graph.cycles()) {
            Set<String> names = new TreeSet<>();
            cycle.forEach(c -> names.add(c.substring(ENGINE_PACKAGE.length())));
            seen.add(names);
            if (!ALLOWED_CLASS_CYCLES.containsKey(names)) {
                unexpected.add("cycle of " + cycle.size() + " classes " + names + ":" + graph.describe(cycle, ENGINE_PACKAGE));
            }
        }
        assertThat(unexpected)
                .as("engine classes must not depend on each other in a loop (nested classes count as their top-level class)")
                .isEmpty();
        assertThat(ALLOWED_CLASS_CYCLES.keySet())
                .as("allowed class cycles that no longer exist: take them off the list")
                .allMatch(seen::contains);
    }
}
