package io.releasegates.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Deployed trees against real JGit repositories (clones and bare), read from the object database only. */
class GitCheckTest {
    @TempDir
    Path tmp;

    private final IntegrityChecker checker = new IntegrityChecker(2);
    private Path work;
    private RevCommit first;
    private RevCommit second;

    @BeforeEach
    void approvedConfigInGit() throws Exception {
        work = tmp.resolve("config-repo");
        Path app = Files.createDirectories(work.resolve("etc/shop"));
        Files.createDirectories(work.resolve("docs"));
        Files.writeString(work.resolve("docs/README.md"), "how we configure the shop\n");
        Files.writeString(app.resolve("app.yml"), "server:\n  port: 8080\n");
        Files.createDirectories(app.resolve("conf.d"));
        Files.writeString(app.resolve("conf.d/db.properties"), "url=jdbc:postgresql://db/shop\n");
        Files.writeString(app.resolve("start.sh"), "#!/bin/sh\nexec java -jar shop.jar\n");
        Files.setPosixFilePermissions(app.resolve("start.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(app.resolve("current.properties"), Path.of("conf.d/db.properties"));
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            first = commit(git, "approved v1");
            git.tag().setName("v1").setObjectId(first).setAnnotated(true).setMessage("v1").call();
            Files.writeString(app.resolve("app.yml"), "server:\n  port: 9090\n");
            git.add().addFilepattern(".").call();
            second = commit(git, "move to port 9090");
        }
    }

    private static RevCommit commit(Git git, String message) throws Exception {
        PersonIdent who = new PersonIdent("Ops", "ops@example.com");
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    /** A deployment: a plain copy of etc/shop as it is in the work tree (the second commit). */
    private Path deploy() throws IOException {
        Path target = Files.createTempDirectory(tmp, "deployed");
        Path source = work.resolve("etc/shop");
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    private static List<String> rules(GateReport report) {
        return report.findings().stream().map(f -> f.ruleId() + " " + f.location()).toList();
    }

    @Test
    void shouldFindNothingWhenTheDeployedTreeMatchesTheBranchAndNameTheCommit() throws IOException {
        Path deployed = deploy();

        GateReport report = checker.checkGit(deployed, work, "main", "etc/shop", PathFilter.ALL);

        assertThat(report.findings()).isEmpty();
        assertThat(report.inputs()).contains(new Input("git-commit", second.name(), ""));
        assertThat(report.title()).contains(second.name());
        assertThat(report.dataAsOf()).containsKey("git-commit");
        assertThat(report.summary()).containsEntry("files", 3L).containsEntry("pathsDrifted", 0L);
    }

    @Test
    void shouldReadABareRepositoryAtATagACommitIdAndARelativeRef() throws Exception {
        Path bare = tmp.resolve("bare.git");
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        assertThat(bare.resolve("HEAD")).exists();
        assertThat(bare.resolve("etc")).doesNotExist(); // no work tree: blobs come from the object database
        Path deployed = deploy();

        assertThat(rules(checker.checkGit(deployed, bare, "main", "etc/shop", PathFilter.ALL))).isEmpty();
        assertThat(rules(checker.checkGit(deployed, bare, second.name(), "/etc/shop/", PathFilter.ALL))).isEmpty();
        GateReport atTag = checker.checkGit(deployed, bare, "v1", "etc/shop", PathFilter.ALL);
        assertThat(rules(atTag)).containsExactly("RG-INT-MODIFIED app.yml");
        assertThat(atTag.inputs()).contains(new Input("git-commit", first.name(), ""));
        assertThat(rules(checker.checkGit(deployed, bare, "main~1", "etc/shop", PathFilter.ALL)))
                .containsExactly("RG-INT-MODIFIED app.yml");
    }

    @Test
    void shouldCompareTheWholeCommitAndSkipTheCloneOwnGitDirectory() {
        GateReport report = checker.checkGit(work, work, "HEAD", null, PathFilter.ALL);

        assertThat(report.findings()).isEmpty();
        assertThat(report.summary().get("pathsOnDisk")).isGreaterThan(5L);
    }

    @Test
    void shouldIgnorePermissionBitsGitDoesNotKeep() throws IOException {
        Path deployed = deploy();
        Files.setPosixFilePermissions(deployed.resolve("app.yml"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(deployed.resolve("start.sh"), PosixFilePermissions.fromString("rwx------"));

        assertThat(rules(checker.checkGit(deployed, work, "main", "etc/shop", PathFilter.ALL))).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> shouldReportEveryDriftKindAgainstGit() {
        record Drift(String name, BaselineCheckTest.Mutation mutation, List<String> expected) {
        }
        return Stream.of(
                new Drift("content modified", t -> Files.writeString(t.resolve("app.yml"), "server:\n  port: 1\n"),
                        List.of("RG-INT-MODIFIED app.yml")),
                new Drift("executable bit added", t -> Files.setPosixFilePermissions(t.resolve("app.yml"),
                        PosixFilePermissions.fromString("rwxr--r--")), List.of("RG-INT-MODE app.yml")),
                new Drift("executable bit removed", t -> Files.setPosixFilePermissions(t.resolve("start.sh"),
                        PosixFilePermissions.fromString("rw-r--r--")), List.of("RG-INT-MODE start.sh")),
                new Drift("file added", t -> Files.writeString(t.resolve("conf.d/debug.properties"), "debug=true\n"),
                        List.of("RG-INT-ADDED conf.d/debug.properties")),
                new Drift("file removed", t -> Files.delete(t.resolve("conf.d/db.properties")),
                        List.of("RG-INT-REMOVED conf.d/db.properties")),
                new Drift("symlink retargeted", t -> {
                    Files.delete(t.resolve("current.properties"));
                    Files.createSymbolicLink(t.resolve("current.properties"), Path.of("app.yml"));
                }, List.of("RG-INT-RETARGETED current.properties")),
                new Drift("symlink replaced by a file", t -> {
                    Files.delete(t.resolve("current.properties"));
                    Files.writeString(t.resolve("current.properties"), "url=jdbc:postgresql://db/shop\n");
                }, List.of("RG-INT-TYPE current.properties")),
                new Drift("file replaced by a symlink", t -> {
                    Files.delete(t.resolve("start.sh"));
                    Files.createSymbolicLink(t.resolve("start.sh"), Path.of("/tmp/evil.sh"));
                }, List.of("RG-INT-TYPE start.sh", "RG-INT-LINK-ESCAPE start.sh"))
        ).map(d -> dynamicTest(d.name(), () -> {
            Path deployed = deploy();
            assertThat(rules(checker.checkGit(deployed, work, "main", "etc/shop", PathFilter.ALL))).isEmpty();

            d.mutation().apply(deployed);

            assertThat(rules(checker.checkGit(deployed, work, "main", "etc/shop", PathFilter.ALL)))
                    .containsExactlyInAnyOrderElementsOf(d.expected());
        }));
    }

    @Test
    void shouldApplyExcludesToBothSides() throws IOException {
        Path deployed = deploy();
        Files.writeString(deployed.resolve("runtime.pid"), "4711\n");
        Files.delete(deployed.resolve("conf.d/db.properties"));
        IntegrityRequest request = IntegrityRequest.git(deployed, work, "main", "etc/shop").withThreads(2);

        assertThat(rules(IntegrityChecker.check(request))).isNotEmpty();
        assertThat(rules(IntegrityChecker.check(request.withExcludes(List.of("*.pid", "conf.d/db.properties")))))
                .isEmpty();
        assertThat(rules(IntegrityChecker.check(request.withIncludes(List.of("app.yml"))))).isEmpty();
    }

    @Test
    void shouldRefuseUnknownRepositoriesRefsAndPathsAsBadInput() throws IOException {
        Path deployed = deploy();

        assertThatThrownBy(() -> checker.checkGit(deployed, tmp.resolve("nothing"), "main", null, PathFilter.ALL))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a git repository");
        assertThatThrownBy(() -> checker.checkGit(deployed, work, "no-such-branch", null, PathFilter.ALL))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no-such-branch");
        assertThatThrownBy(() -> checker.checkGit(deployed, work, "main", "etc/nothing", PathFilter.ALL))
                .isInstanceOf(BadInputException.class).hasMessageContaining("etc/nothing");
        assertThatThrownBy(() -> checker.checkGit(deployed, work, "main", "etc/shop/app.yml", PathFilter.ALL))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no directory");
    }
}
