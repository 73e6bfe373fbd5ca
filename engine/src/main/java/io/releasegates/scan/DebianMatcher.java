package io.releasegates.scan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches installed Debian binary package versions against OSV's Debian advisories, which name the <em>source</em>
 * package of one release ({@code Debian:12}) with ranges in source versions. Per installed version the hosts told us
 * the release (purl {@code distro} qualifier) and the source package (dpkg's {@code Source:} field); a version the hosts
 * reported on several releases is judged on each of them and is affected when it is affected on any, because the
 * store keeps vulnerability facts per version, not per host.
 */
final class DebianMatcher {
    /** Codenames as {@code /etc/os-release} VERSION_CODENAME spells them, to osv.dev's release numbers. */
    private static final Map<String, Integer> CODENAMES = Map.of(
            "buster", 10, "bullseye", 11, "bookworm", 12, "trixie", 13, "forky", 14);
    private static final Pattern NUMBERED = Pattern.compile("(?:debian-)?([0-9]{1,3})(?:\\.[0-9]+)*");

    /** An installed version and what its hosts said about it: one origin per release it was reported on. */
    record Installed(ScanComponent component, List<DebianOrigin> origins) {
        Installed {
            origins = List.copyOf(origins);
        }
    }

    /** Matches, and the versions that could not be checked, each with the reason. */
    record Result(List<AdvisoryMatch> matches, Map<ScanComponent, String> unmatched) {
    }

    private final OsvDatabase db;

    DebianMatcher(OsvDatabase db) {
        this.db = db;
    }

    /** The osv.dev release number of a purl {@code distro} qualifier: a codename, {@code debian-12} or {@code 12}. */
    static Optional<Integer> release(String distro) {
        if (distro == null || distro.isBlank()) {
            return Optional.empty();
        }
        String d = distro.strip().toLowerCase(Locale.ROOT);
        Integer known = CODENAMES.get(d);
        if (known != null) {
            return Optional.of(known);
        }
        Matcher m = NUMBERED.matcher(d);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    Result match(List<Installed> installed) {
        List<AdvisoryMatch> matches = new ArrayList<>();
        Map<ScanComponent, String> unmatched = new java.util.LinkedHashMap<>();
        for (Installed i : installed) {
            ScanComponent c = i.component();
            List<String> gaps = new ArrayList<>();
            int found = 0;
            if (i.origins().isEmpty()) {
                gaps.add("no Debian release or source package reported for it");
            }
            for (DebianOrigin o : i.origins()) {
                Optional<Integer> release = release(o.distro());
                if (release.isEmpty()) {
                    gaps.add("Debian release '" + o.distro() + "' unknown");
                    continue;
                }
                String source = o.source().isBlank() ? c.artifact() : o.source();
                String version = o.sourceVersion().isBlank() ? c.version() : o.sourceVersion();
                List<OsvAdvisory> known = db.forDebianSource(release.get(), source);
                if (known.isEmpty()) {
                    gaps.add("no OSV Debian:" + release.get() + " record names source package " + source);
                    continue;
                }
                for (OsvAdvisory a : new LinkedHashSet<>(known)) {
                    for (OsvAdvisory.Affected af : a.affected()) {
                        if (af.ecosystem().equals(OsvAdvisory.Affected.DEBIAN_PREFIX + release.get())
                                && af.packageName().equals(source) && af.affects(version)) {
                            found++;
                            matches.add(new AdvisoryMatch(c, a.id(), a.aliases(), AdvisoryMatch.OSV_DEBIAN,
                                    AdvisoryMatch.Confidence.EXACT_PURL,
                                    "OSV " + af.ecosystem() + " source " + source + " " + version + " affected range",
                                    a.summary(), a.cvss(), later(af, version), Optional.of(db.newestRecord())));
                        }
                    }
                }
            }
            // "none known" needs every release the version runs on checked; a known vulnerability stands regardless
            if (found == 0 && !gaps.isEmpty()) {
                unmatched.put(c, String.join("; ", new LinkedHashSet<>(gaps)));
            }
        }
        return new Result(List.copyOf(matches), java.util.Collections.unmodifiableMap(unmatched));
    }

    private static List<String> later(OsvAdvisory.Affected af, String current) {
        Set<String> out = new LinkedHashSet<>();
        af.fixedVersions().stream().filter(v -> af.order().compare(v, current) > 0).sorted(af.order()).forEach(out::add);
        return List.copyOf(out);
    }
}
