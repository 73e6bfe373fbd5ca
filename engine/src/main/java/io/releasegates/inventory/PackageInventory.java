package io.releasegates.inventory;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Lists every Java component of a release package in one streaming pass of {@link PackageWalker}.
 *
 * <p>Each jar (at any depth) becomes a {@link Component}: identified from its {@code pom.properties} (or
 * {@code pom.xml}), else from its SHA-1 in a local Maven repository (exact; see {@link MavenRepositoryIndex}), else
 * named from its manifest or file name without a purl. Libraries embedded with their Maven metadata in a shaded jar,
 * and jars inside jars, are the {@link Component#nested()} components of the jar that holds them. ZIP and TAR
 * containers inside a distribution are looked through, not listed.
 *
 * <pre>{@code
 * Inventory inv = new PackageInventory().inventory(Path.of("app.war"));
 * inv.all().forEach(c -> System.out.println(c.purl() + " " + c.path() + " " + c.sha256()));
 * GateReport evidence = PackageInventory.report(inv, "app.war");   // for `check` and the promotion gate
 * }</pre>
 *
 * <p>Bad input is handled as {@link PackageWalker} describes: a {@link io.releasegates.report.BadInputException}
 * for an unreadable package, findings and errors in the {@link Inventory} for hostile or incomplete content.
 */
public final class PackageInventory {
    private final PackageWalker walker;
    private final MavenRepositoryIndex repository;
    private final Consumer<String> progress;

    /** Default limits, the default Maven repository ({@code ~/.m2/repository}) when it exists, no progress. */
    public PackageInventory() {
        this(new PackageWalker(), MavenRepositoryIndex.atDefaultLocation().orElse(null), s -> { });
    }

    /**
     * @param repository Maven repository for SHA-1 identification; null to use none
     * @param progress   told about each top-level jar as it is read (for a progress line); never null
     */
    public PackageInventory(PackageWalker walker, MavenRepositoryIndex repository, Consumer<String> progress) {
        this.walker = walker;
        this.repository = repository;
        this.progress = progress;
    }

    public Inventory inventory(Path pkg) {
        return inventory(pkg, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #inventory(Path)}, with the walk's visitor wrapped by {@code wrap}: the scan gate tees it to search the
     * same single pass for secrets and risky files.
     */
    public Inventory inventory(Path pkg, java.util.function.UnaryOperator<PackageVisitor> wrap) {
        Collector collector = new Collector(new Identifier(repository));
        WalkResult walk = walker.walk(pkg, wrap.apply(collector));
        List<Finding> findings = new ArrayList<>(walk.findings());
        String subject = pkg.getFileName() == null ? pkg.toString() : pkg.getFileName().toString();
        List<Component> components = collector.top;
        Optional<Component> root = Optional.ofNullable(collector.root);
        components.stream().flatMap(Component::flatten).filter(c -> c.purl().isEmpty()).forEach(c -> findings.add(
                InventoryRule.UNIDENTIFIED.finding(subject, c.path(), c.name()
                        + (c.version().isEmpty() ? "" : " " + c.version())
                        + ": no Maven metadata and its SHA-1 is not in the Maven repository; identified only by "
                        + c.evidence().name().toLowerCase(Locale.ROOT).replace('_', ' '))));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("entries", String.valueOf(walk.entries()));
        metadata.put("archives", String.valueOf(walk.archives()));
        if (!walk.rootDigests().sha1().isEmpty()) {
            metadata.put("package.sha1", walk.rootDigests().sha1());
        }
        if (repository != null) {
            metadata.put("maven.repository", repository.repository().toString());
        }
        return new Inventory(subject, walk.rootDigests().sha256(), root, components, findings, walk.errors(), metadata,
                Instant.now());
    }

    /**
     * The inventory as gate evidence: the package's SHA-256 as input with role {@code package}, one subject per
     * component, its findings and errors, and counts ({@code components}, {@code nested}, {@code unidentified}).
     */
    public static GateReport report(Inventory inventory, String packagePath) {
        GateReport.Builder b = GateReport.builder("inventory").title("Inventory of " + inventory.subject())
                .generatedAt(inventory.created())
                .input(new Input(inventory.metadata().containsKey("host.name") ? "host" : "package", packagePath,
                        inventory.subjectSha256()));
        inventory.components().forEach(c -> b.subject(c.purl().isEmpty() ? c.path() + " (" + c.name() + ")" : c.purl()));
        b.findings(inventory.findings());
        inventory.errors().forEach(b::error);
        b.summary("components", inventory.components().size());
        b.summary("nested", inventory.all().count() - inventory.components().size());
        b.summary("unidentified", inventory.all().filter(c -> c.purl().isEmpty()).count());
        return b.build();
    }

    static boolean isComponentArchive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear") || lower.endsWith(".sar")
                || lower.endsWith(".hpi") || lower.endsWith(".jpi") || lower.endsWith(".aar");
    }

    /** Keeps one frame of evidence per open archive; the walker's calls nest like brackets. */
    private final class Collector implements PackageVisitor {
        private final Identifier identifier;
        private final Deque<JarEvidence> stack = new ArrayDeque<>();
        final List<Component> top = new ArrayList<>();
        Component root;
        private int seen;

        Collector(Identifier identifier) {
            this.identifier = identifier;
        }

        @Override
        public boolean enterArchive(PackageEntry archive) {
            stack.push(new JarEvidence(archive));
            return true;
        }

        @Override
        public void entry(PackageEntry entry, InputStream content) throws IOException {
            stack.element().accept(entry, content);
        }

        @Override
        public void leaveArchive(PackageEntry archive, ArchiveDigests digests) {
            JarEvidence ev = stack.pop();
            if (archive.root()) {
                leaveRoot(ev, digests);
                return;
            }
            JarEvidence parent = stack.element();
            if (isComponentArchive(archive.name())) {
                parent.children.add(identifier.identify(ev, digests, Component.Type.LIBRARY, true));
            } else {
                parent.children.addAll(ev.children);
            }
            if (archive.depth() == 0) {
                progress.accept(++seen + " " + archive.path());
            }
        }

        private void leaveRoot(JarEvidence ev, ArchiveDigests digests) {
            boolean plainLibrary = ev.children.isEmpty() && isComponentArchive(ev.archive.name());
            boolean ownMetadata = !ev.pomProperties.isEmpty() || ev.hasPomXml();
            if (plainLibrary) {
                // a single jar given as the package: it is the component
                Component c = identifier.identify(ev, digests, Component.Type.LIBRARY, true);
                root = c;
                top.add(c);
            } else {
                if (ownMetadata) {
                    // the package's own identity; what it holds (jars, shaded libraries) is listed at the top
                    Component self = identifier.identify(ev, digests, Component.Type.APPLICATION, false);
                    top.addAll(self.nested());
                    root = self.withNested(List.of());
                } else {
                    top.addAll(ev.children);
                }
            }
        }
    }
}
