package io.releasegates.fleet.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The records every view is made of; the HTML, JSON and CSV renderings all come from these, so they agree. */
public final class ViewModel {
    private ViewModel() {
    }

    /**
     * @param vulnerabilities what imported scans know about this version; null (and left out of the JSON) when no scan
     *                        examined it, so that "no scan data" never reads as "no vulnerabilities"
     */
    public record VersionStat(String version, long machines, boolean newest, int versionsBehind, long daysBehind,
                              Instant firstSeen, long outOfPolicy, String compliance,
                              @JsonInclude(Include.NON_NULL) VersionVulnerabilities vulnerabilities) {
        public VersionStat(String version, long machines, boolean newest, int versionsBehind, long daysBehind,
                           Instant firstSeen, long outOfPolicy, String compliance) {
            this(version, machines, newest, versionsBehind, daysBehind, firstSeen, outOfPolicy, compliance, null);
        }

        public VersionStat withVulnerabilities(VersionVulnerabilities value) {
            return new VersionStat(version, machines, newest, versionsBehind, daysBehind, firstSeen, outOfPolicy, compliance, value);
        }
    }

    /**
     * Scan facts about one component version.
     *
     * @param status    {@code vulnerable}, {@code none-known} (scanned with data, nothing found) or {@code unmatched}
     *                  (scanned, but no vulnerability data could be tied to it: unknown, not clean)
     * @param known     number of known advisories
     * @param highest   worst severity among them; null when none is known
     * @param scannedAt when the scan these facts come from ran
     * @param source    which scan (package file name and digest)
     */
    public record VersionVulnerabilities(String status, int known, String highest, Instant scannedAt, String source,
                                         List<Advisory> advisories) {
        public static final String VULNERABLE = "vulnerable";
        public static final String NONE_KNOWN = "none-known";
        public static final String UNMATCHED = "unmatched";

        public VersionVulnerabilities {
            advisories = List.copyOf(advisories);
        }
    }

    public record Advisory(String id, List<String> aliases, String severity, Double cvssScore, List<String> fixedIn,
                           String source, Instant firstSeen) {
        public Advisory {
            aliases = List.copyOf(aliases);
            fixedIn = List.copyOf(fixedIn);
        }
    }

    /**
     * @param vulnerableMachines distinct machines running a version with a known vulnerability; null (left out of the
     *                           JSON) when no running version of the component was checked against vulnerability data
     *                           (not scanned, or scanned but unmatched)
     * @param highestSeverity    worst known severity among the running versions; null when none is known
     */
    public record ComponentStat(String purl, String type, String name, long machines, String newest, int lagVersions,
                                long lagDays, String tier, long outOfPolicy, String compliance, List<VersionStat> versions,
                                @JsonInclude(Include.NON_NULL) Long vulnerableMachines,
                                @JsonInclude(Include.NON_NULL) String highestSeverity) {
        public ComponentStat {
            versions = List.copyOf(versions);
        }

        public ComponentStat(String purl, String type, String name, long machines, String newest, int lagVersions,
                             long lagDays, String tier, long outOfPolicy, String compliance, List<VersionStat> versions) {
            this(purl, type, name, machines, newest, lagVersions, lagDays, tier, outOfPolicy, compliance, versions, null, null);
        }

        public ComponentStat withVulnerabilities(List<VersionStat> scanned, Long vulnerable, String highest) {
            return new ComponentStat(purl, type, name, machines, newest, lagVersions, lagDays, tier, outOfPolicy, compliance,
                    scanned, vulnerable, highest);
        }
    }

    public record TrendPoint(LocalDate day, double patchLevel, int hosts) {
    }

    /** @param scanData true when the store holds imported scan data; null (left out of the JSON) when it holds none */
    public record ComponentsView(String environment, List<String> environments, Instant generatedAt, long hosts,
                                 long components, long installations, long outOfPolicy, double patchLevel,
                                 List<ComponentStat> items, List<TrendPoint> trend,
                                 @JsonInclude(Include.NON_NULL) Boolean scanData) {
        public ComponentsView {
            environments = List.copyOf(environments);
            items = List.copyOf(items);
            trend = List.copyOf(trend);
        }

        public ComponentsView(String environment, List<String> environments, Instant generatedAt, long hosts,
                              long components, long installations, long outOfPolicy, double patchLevel,
                              List<ComponentStat> items, List<TrendPoint> trend) {
            this(environment, environments, generatedAt, hosts, components, installations, outOfPolicy, patchLevel, items,
                    trend, null);
        }

        public ComponentsView withScanData(boolean present) {
            return new ComponentsView(environment, environments, generatedAt, hosts, components, installations, outOfPolicy,
                    patchLevel, items, trend, present ? Boolean.TRUE : null);
        }

        /** Whether the vulnerability columns are shown: only when some scan was imported. */
        public boolean hasScanData() {
            return Boolean.TRUE.equals(scanData);
        }
    }

    public record HostVersion(String host, String environment, String role, String version, String tier,
                              String compliance) {
    }

    /** @param scanData true when the store holds imported scan data; null (left out of the JSON) when it holds none */
    public record ComponentDetail(String environment, ComponentStat component, List<HostVersion> hosts,
                                  @JsonInclude(Include.NON_NULL) Boolean scanData) {
        public ComponentDetail {
            hosts = List.copyOf(hosts);
        }

        public ComponentDetail(String environment, ComponentStat component, List<HostVersion> hosts) {
            this(environment, component, hosts, null);
        }

        public ComponentDetail withScanData(boolean present) {
            return new ComponentDetail(environment, component, hosts, present ? Boolean.TRUE : null);
        }

        /** Whether the vulnerability columns are shown: only when some scan was imported. */
        public boolean hasScanData() {
            return Boolean.TRUE.equals(scanData);
        }
    }

    public record HostStat(String name, String environment, String role, Instant lastReport, int packages,
                           int upToDate, double patchLevel, int outOfPolicy) {
    }

    public record HostsView(String environment, List<String> environments, Instant generatedAt, List<HostStat> items) {
        public HostsView {
            environments = List.copyOf(environments);
            items = List.copyOf(items);
        }
    }

    public record HostPackage(String purl, String type, String name, String version, String newest, int versionsBehind,
                              long daysBehind, String tier, String compliance) {
    }

    public record HostDetail(HostStat host, List<HostPackage> packages) {
        public HostDetail {
            packages = List.copyOf(packages);
        }
    }
}
