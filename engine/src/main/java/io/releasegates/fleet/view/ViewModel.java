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
     * A share as every view shows it (patch level, trend points): percent with one decimal; nothing to count is
     * 100 %, since no package can be behind.
     */
    static double percent(long part, long whole) {
        return whole == 0 ? 100.0 : Math.round(1000.0 * part / whole) / 10.0;
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

    /**
     * What imported scans know about one host's packages (a package: one component version the host runs).
     *
     * @param status             {@code vulnerable} (some package runs a version with a known vulnerability),
     *                           {@code none-known} (packages were checked against data, none has one), {@code unmatched}
     *                           (packages were scanned, but no data could be tied to any) or {@code no-scan-data}
     * @param vulnerablePackages packages with a known vulnerability; null (left out of the JSON) when no package was
     *                           checked against data, so that "unknown" never reads as 0
     * @param highest            worst known severity among them; null when none is known
     * @param checked            packages whose version was checked against vulnerability data (vulnerable or not)
     * @param unmatched          packages a scan examined without data to tie to them
     * @param unscanned          packages no scan examined
     */
    public record HostVulnerabilities(String status, @JsonInclude(Include.NON_NULL) Integer vulnerablePackages,
                                      @JsonInclude(Include.NON_NULL) String highest, int checked, int unmatched, int unscanned) {
        public static final String NO_SCAN_DATA = "no-scan-data";
    }

    /**
     * @param vulnerabilities the host's exposure; null (left out of the JSON) when the store holds no scan data at all
     */
    public record HostStat(String name, String environment, String role, Instant lastReport, int packages,
                           int upToDate, double patchLevel, int outOfPolicy,
                           @JsonInclude(Include.NON_NULL) HostVulnerabilities vulnerabilities) {
        public HostStat(String name, String environment, String role, Instant lastReport, int packages, int upToDate,
                        double patchLevel, int outOfPolicy) {
            this(name, environment, role, lastReport, packages, upToDate, patchLevel, outOfPolicy, null);
        }
    }

    /** @param scanData true when the store holds imported scan data; null (left out of the JSON) when it holds none */
    public record HostsView(String environment, List<String> environments, Instant generatedAt, List<HostStat> items,
                            @JsonInclude(Include.NON_NULL) Boolean scanData) {
        public HostsView {
            environments = List.copyOf(environments);
            items = List.copyOf(items);
        }

        public HostsView(String environment, List<String> environments, Instant generatedAt, List<HostStat> items) {
            this(environment, environments, generatedAt, items, null);
        }

        public HostsView withScanData(boolean present) {
            return new HostsView(environment, environments, generatedAt, items, present ? Boolean.TRUE : null);
        }

        /** Whether the vulnerability columns are shown: only when some scan was imported. */
        public boolean hasScanData() {
            return Boolean.TRUE.equals(scanData);
        }
    }

    /**
     * @param vulnerabilities what imported scans know about this version, as in the component views; null (left out of
     *                        the JSON) when no scan examined it
     */
    public record HostPackage(String purl, String type, String name, String version, String newest, int versionsBehind,
                              long daysBehind, String tier, String compliance,
                              @JsonInclude(Include.NON_NULL) VersionVulnerabilities vulnerabilities) {
        public HostPackage(String purl, String type, String name, String version, String newest, int versionsBehind,
                           long daysBehind, String tier, String compliance) {
            this(purl, type, name, version, newest, versionsBehind, daysBehind, tier, compliance, null);
        }
    }

    /** @param scanData true when the store holds imported scan data; null (left out of the JSON) when it holds none */
    public record HostDetail(HostStat host, List<HostPackage> packages, @JsonInclude(Include.NON_NULL) Boolean scanData) {
        public HostDetail {
            packages = List.copyOf(packages);
        }

        public HostDetail(HostStat host, List<HostPackage> packages) {
            this(host, packages, null);
        }

        /** Whether the vulnerability columns are shown: only when some scan was imported. */
        public boolean hasScanData() {
            return Boolean.TRUE.equals(scanData);
        }
    }
}
