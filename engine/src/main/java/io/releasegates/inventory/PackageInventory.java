package io.releasegates.inventory;

import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
 * <p>The gate's one entry point is {@link #run(InventoryRequest)}, which the CLI, the plugin and {@code check} all call:
 *
 * <pre>{@code
 * InventoryResult r = PackageInventory.run(InventoryRequest.builder().packagePath(Path.of("app.war"))
 *         .sbom(Path.of("app.cdx.json")).build());
 * r.inventory().all().forEach(c -> System.out.println(c.purl() + " " + c.path() + " " + c.sha256()));
 * GateReport evidence = r.report();   // for `check` and the promotion gate
 * }</pre>
 *
 * <p>Bad input is handled as {@link PackageWalker} describes: a {@link io.releasegates.report.BadInputException}
 * for an unreadable package, findings and errors in the {@link Inventory} for hostile or incomplete content.
 */
public final class PackageInventory {
    private final PackageWalker walker;
    private final MavenRepositoryIndex repository;
    private final RepositorySearch search;
    private final Consumer<String> progress;

    /** Default limits, the default Maven repository ({@code ~/.m2/repository}) when it exists, no progress. */
    public PackageInventory() {
        this(new PackageWalker(), MavenRepositoryIndex.forRepository(null).orElse(null), s -> { });
    }

    /**
     * @param repository Maven repository for SHA-1 identification; null to use none
     * @param progress   told about each top-level jar as it is read (for a progress line); never null
     */
    public PackageInventory(PackageWalker walker, MavenRepositoryIndex repository, Consumer<String> progress) {
        this(walker, repository, null, progress);
    }

    /**
     * @param search a repository manager's checksum search for the jars neither their metadata nor {@code repository}
     *               identify; null to use none
     */
    public PackageInventory(PackageWalker walker, MavenRepositoryIndex repository, RepositorySearch search,
                            Consumer<String> progress) {
        this.walker = walker;
        this.repository = repository;
        this.search = search;
        this.progress = progress;
    }

    /** {@link #run(InventoryRequest, Consumer)} without progress. */
    public static InventoryResult run(InventoryRequest request) throws IOException {
        return run(request, s -> { });
    }

    /**
     * The inventory gate: the package (or the host) inventoried, compared with the declared SBOM when one is given,
     * written as CycloneDX when {@code request.sbom()} is set, and returned with its gate report.
     *
     * @param progress told about each top-level jar as it is read; never null
     * @throws io.releasegates.report.BadInputException neither or both of a package and the host, a missing SBOM to
     *                                                  compare with, an unreadable package
     */
    public static InventoryResult run(InventoryRequest request, Consumer<String> progress) throws IOException {
        if (request.host() == (request.packagePath() != null)) {
            throw BadInputException.ofSettings("inventory needs either a package path or {0} (not both)",
                    InventoryRequest.HOST);
        }
        // before the walk, which may take minutes
        if (request.compare() != null && !Files.isRegularFile(request.compare())) {
            throw new BadInputException(request.compare() + ": no such SBOM file");
        }
        Inventory inventory;
        if (request.host()) {
            inventory = HostInventory.inventory(request.hostRoot());
        } else {
            MavenRepositoryIndex index = request.noMavenRepo() ? null
                    : MavenRepositoryIndex.forRepository(request.mavenRepo()).orElse(null);
            inventory = new PackageInventory(new PackageWalker(), index, request.checksumSearch(), progress)
                    .inventory(request.packagePath());
        }
        if (request.compare() != null) {
            inventory = inventory.withFindings(SbomComparison.compare(inventory, request.compare()));
        }
        if (request.sbom() != null) {
            CycloneDx.write(inventory, request.format(), request.sbom());
        }
        return new InventoryResult(inventory, report(inventory, request.inputPath()));
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
        Map<String, String> notFound = Map.of();
        Map<String, String> failed = new LinkedHashMap<>();
        if (search != null) {
            progress.accept("checksum search " + search.describe());
            SearchIdentification identification = new SearchIdentification(search, java.time.Clock.systemUTC());
            SearchIdentification.Outcome outcome = identification.apply(components);
            components = outcome.components();
            root = root.map(r -> outcome.replaced().getOrDefault(r, r));
            notFound = outcome.notFound();
            outcome.failures().forEach((reason, paths) -> paths.forEach(p -> failed.put(p, reason)));
            findings.addAll(identification.findings(subject, outcome));
        }
        findings.addAll(unidentified(subject, components, notFound, failed));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("entries", String.valueOf(walk.entries()));
        metadata.put("archives", String.valueOf(walk.archives()));
        if (!walk.rootDigests().sha1().isEmpty()) {
            metadata.put("package.sha1", walk.rootDigests().sha1());
        }
        if (repository != null) {
            metadata.put("maven.repository", repository.repository().toString());
        }
        if (search != null) {
            metadata.put("checksum.search", search.describe());
        }
        metadata.put("unidentified", String.valueOf(components.stream().flatMap(Component::flatten)
                .filter(c -> c.purl().isEmpty()).count()));
        return new Inventory(subject, walk.rootDigests().sha256(), root, components, findings, walk.errors(), metadata,
                Instant.now());
    }

    /**
     * One {@code RG-INV-UNIDENTIFIED} per component without a purl, saying what was tried, and one
     * {@code RG-INV-IDENTITY-INCOMPLETE} for the package when there is any: vulnerability matching for those jars rests
     * on Dependency-Check's evidence guess or on nothing, and the release must show it.
     */
    private List<Finding> unidentified(String subject, List<Component> components, Map<String, String> notFound,
                                       Map<String, String> failed) {
        List<Finding> out = new ArrayList<>();
        List<Component> all = components.stream().flatMap(Component::flatten).toList();
        List<Component> missing = all.stream().filter(c -> c.purl().isEmpty()).toList();
        for (Component c : missing) {
            List<String> tried = new ArrayList<>();
            tried.add("no Maven metadata");
            if (!c.sha1().isEmpty()) {
                if (repository != null) {
                    tried.add("SHA-1 not in the Maven repository " + repository.repository());
                }
                if (failed.containsKey(c.path())) {
                    tried.add("checksum search failed (" + failed.get(c.path()) + ")");
                } else if (notFound.containsKey(c.path())) {
                    tried.add("SHA-1 unknown to " + notFound.get(c.path()));
                }
                if (repository == null && search == null) {
                    // the settings by their keys: this text is read in the CLI, the plugin and check alike
                    tried.add("no SHA-1 source given (" + InventoryRequest.MAVEN_REPO + ", "
                            + InventoryRequest.CHECKSUM_SEARCH + ")");
                }
            }
            out.add(InventoryRule.UNIDENTIFIED.finding().subject(subject).location(c.path())
                    .message(c.name() + (c.version().isEmpty() ? "" : " " + c.version()) + ": " + String.join("; ", tried)
                            + "; named only by " + c.evidence().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + " (" + c.confidence().name().toLowerCase(Locale.ROOT) + " confidence)")
                    .property("name", c.name()).property("version", c.version()).property("sha1", c.sha1())
                    .property("evidence", c.evidence().name()).property("confidence", c.confidence().name()).build());
        }
        if (!missing.isEmpty()) {
            out.add(InventoryRule.IDENTITY_INCOMPLETE.finding().subject(subject).location("")
                    .message(missing.size() + " of " + all.size() + " components have no exact identity (no purl): "
                            + "vulnerabilities in them are found only by Dependency-Check's evidence-based guess, if at "
                            + "all" + (search == null ? "; a checksum search (" + InventoryRequest.CHECKSUM_SEARCH
                            + ") may identify them" : ""))
                    .property("unidentified", missing.size()).property("components", all.size()).build());
        }
        return out;
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
        // the package's own Maven identity (a WAR's pom.properties) is a component as well: scan matches it like a jar
        inventory.root().filter(r -> !r.purl().isEmpty() && !inventory.components().contains(r))
                .ifPresent(r -> b.subject(r.purl()));
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
