package io.releasegates.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reconciles Dependency-Check's evidence-based CPE identification of every jar with our exact mapping of the same
 * jar (all components at its path, so a shaded library counts for the jar that embeds it):
 * <ul>
 *   <li>agreement (Dependency-Check names one of our vendor:product pairs, or our product under another vendor)
 *       raises our matches on that pair to {@code cpe-confirmed};</li>
 *   <li>a CVE Dependency-Check reports through an agreed pair, or through any pair for a jar we have no mapping for,
 *       that we did not report is added with {@code fuzzy-cpe} confidence (never dropped);</li>
 *   <li>a different product where we do have a mapping (curated, derived, or curated "none") for everything at that
 *       jar is a contradiction: reported as such, with the CVEs it would imply, but not as a vulnerability of the
 *       jar;</li>
 *   <li>a shaded jar whose parts we map only in part (Artemis' {@code artemis-jms-client-all} embeds Netty, which we
 *       map, and {@code artemis-commons}, which we do not) contradicts nothing: Dependency-Check's other product may be
 *       the unmapped part's, so its CVEs are added with {@code fuzzy-cpe} confidence, as for a jar we cannot map.</li>
 * </ul>
 */
final class CpeReconciler {
    /** Dependency-Check named {@code dependencyCheck} for a jar our mapping names {@code ours} (empty: "none"). */
    record Conflict(ScanComponent component, List<String> ours, List<String> dependencyCheck, List<String> advisories) {
        Conflict {
            ours = List.copyOf(ours);
            dependencyCheck = List.copyOf(dependencyCheck);
            advisories = List.copyOf(advisories);
        }
    }

    /** Our matches (some raised to cpe-confirmed) plus Dependency-Check's own, what it tied, and the conflicts. */
    record Outcome(List<AdvisoryMatch> matches, Set<ScanComponent> tied, List<Conflict> conflicts) {
        Outcome {
            matches = List.copyOf(matches);
            tied = Set.copyOf(tied);
            conflicts = List.copyOf(conflicts);
        }
    }

    private final List<ScanComponent> components;
    private final Map<ScanComponent, Optional<CpeMapping.Decision>> decisions;
    private final Optional<Instant> nvdAge;
    private final Map<String, Set<String>> reportedAt = new HashMap<>();
    private final Map<String, Set<String>> agreedAt = new HashMap<>();
    private final List<AdvisoryMatch> added = new ArrayList<>();
    private final Set<ScanComponent> tied = new LinkedHashSet<>();
    private final Map<ScanComponent, Conflict> conflicts = new LinkedHashMap<>();

    private CpeReconciler(List<ScanComponent> components, Map<ScanComponent, Optional<CpeMapping.Decision>> decisions,
                          Optional<Instant> nvdAge) {
        this.components = components;
        this.decisions = decisions;
        this.nvdAge = nvdAge;
    }

    static Outcome reconcile(List<ScanComponent> components, Map<ScanComponent, Optional<CpeMapping.Decision>> decisions,
                             List<AdvisoryMatch> ours, List<DcAnalysis.Result> dependencyCheck, Optional<Instant> nvdAge) {
        CpeReconciler r = new CpeReconciler(components, decisions, nvdAge);
        for (AdvisoryMatch m : ours) {
            Set<String> ids = r.reportedAt.computeIfAbsent(m.component().path(), k -> new TreeSet<>());
            ids.add(m.id());
            ids.addAll(m.aliases());
        }
        for (DcAnalysis.Result d : dependencyCheck) {
            r.one(d);
        }
        List<AdvisoryMatch> out = new ArrayList<>();
        for (AdvisoryMatch m : ours) {
            out.add(r.confirmed(m));
        }
        out.addAll(r.added);
        return new Outcome(out, r.tied, List.copyOf(r.conflicts.values()));
    }

    private void one(DcAnalysis.Result analysed) {
        Optional<ScanComponent> owner = owner(analysed);
        ScanComponent target = owner.orElseGet(() -> orphan(analysed));
        String path = target.path();
        boolean claimed = false;
        boolean partlyUnmapped = false;
        Set<String> ourPairs = new LinkedHashSet<>();
        Set<String> ourProducts = new LinkedHashSet<>();
        if (owner.isPresent()) {
            for (ScanComponent c : components) {
                if (!c.path().equals(path)) {
                    continue;
                }
                Optional<CpeMapping.Decision> decision = decisions.getOrDefault(c, Optional.empty());
                partlyUnmapped |= decision.isEmpty();
                if (decision.isPresent()) {
                    claimed = true;
                    decision.get().pairs().forEach(p -> {
                        ourPairs.add(p.toString());
                        ourProducts.add(p.product());
                    });
                }
            }
        }
        Set<String> dcPairs = new LinkedHashSet<>(analysed.pairs());
        analysed.vulnerabilities().stream().map(DcAnalysis.Cve::pair).filter(p -> !p.isEmpty()).forEach(dcPairs::add);
        Set<String> agreed = new LinkedHashSet<>();
        Set<String> different = new LinkedHashSet<>();
        for (String pair : dcPairs) {
            String product = pair.substring(pair.indexOf(':') + 1);
            (ourPairs.contains(pair) || ourProducts.contains(product) ? agreed : different).add(pair);
        }
        agreedAt.computeIfAbsent(path, k -> new LinkedHashSet<>()).addAll(agreed);
        if (!claimed && !dcPairs.isEmpty()) {
            tied.add(target);
        }
        Set<String> implied = new TreeSet<>();
        Set<String> reported = reportedAt.computeIfAbsent(path, k -> new TreeSet<>());
        for (DcAnalysis.Cve v : analysed.vulnerabilities()) {
            String pair = v.pair();
            if (reported.contains(v.id())) {
                continue;
            }
            if (claimed && !partlyUnmapped && !agreed.contains(pair)) {
                implied.add(v.id());
                continue;
            }
            reported.add(v.id());
            tied.add(target);
            String cpe = v.cpe().isEmpty() ? "(no CPE)" : v.cpe();
            String how = agreed.contains(pair)
                    ? "Dependency-Check " + cpe + " on its own version evidence (our range evaluation of the same CPE does not match " + target.version() + ")"
                    : "Dependency-Check CPE guess " + cpe;
            added.add(new AdvisoryMatch(target, v.id(), Set.of(), AdvisoryMatch.NVD_CPE,
                    AdvisoryMatch.Confidence.FUZZY_CPE, how, v.summary(), Cvss3.parse(v.cvssVector()), List.of(), nvdAge));
        }
        if (claimed && !partlyUnmapped && !different.isEmpty()) {
            Conflict before = conflicts.get(target);
            Set<String> dc = new LinkedHashSet<>(before == null ? List.of() : before.dependencyCheck());
            dc.addAll(different);
            Set<String> cves = new TreeSet<>(before == null ? List.of() : before.advisories());
            cves.addAll(implied);
            conflicts.put(target, new Conflict(target, List.copyOf(ourPairs), List.copyOf(dc), List.copyOf(cves)));
        }
    }

    /** Our NVD match, raised to cpe-confirmed when Dependency-Check named the same vendor:product for its jar. */
    private AdvisoryMatch confirmed(AdvisoryMatch m) {
        if (!m.matcher().equals(AdvisoryMatch.NVD_CPE) || m.confidence() != AdvisoryMatch.Confidence.CPE_VERSION) {
            return m;
        }
        // our NVD matches describe their rule as cpe:2.3:a:VENDOR:PRODUCT:… (CpeRule.describe)
        String prefix = "cpe:2.3:a:";
        if (!m.how().startsWith(prefix)) {
            return m;
        }
        String[] parts = m.how().substring(prefix.length()).split(":", 3);
        if (parts.length < 2 || !agreedAt.getOrDefault(m.component().path(), Set.of()).contains(parts[0] + ":" + parts[1])) {
            return m;
        }
        return new AdvisoryMatch(m.component(), m.id(), m.aliases(), m.matcher(), AdvisoryMatch.Confidence.CPE_CONFIRMED,
                m.how() + "; Dependency-Check's evidence names the same CPE", m.summary(), m.cvss(), m.fixedIn(), m.dataAsOf());
    }

    /** The inventory component Dependency-Check's dependency stands for: same SHA-1, else same Maven purl. */
    private Optional<ScanComponent> owner(DcAnalysis.Result d) {
        for (ScanComponent c : components) {
            if (!c.sha1().isEmpty() && c.sha1().equalsIgnoreCase(d.sha1())) {
                return Optional.of(c);
            }
        }
        for (String purl : d.purls()) {
            for (ScanComponent c : components) {
                if (!c.purl().isEmpty() && c.purl().equals(purl)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** Something Dependency-Check found that the inventory did not list: keep it, located at the jar it came from. */
    private ScanComponent orphan(DcAnalysis.Result d) {
        String location = components.stream().filter(c -> !c.sha1().isEmpty() && c.sha1().equalsIgnoreCase(d.jarSha1()))
                .map(ScanComponent::path).findFirst().orElse(d.fileName());
        return new ScanComponent("", "", d.fileName(), d.version(), location, "", false);
    }
}
