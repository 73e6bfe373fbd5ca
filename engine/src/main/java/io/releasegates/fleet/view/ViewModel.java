package io.releasegates.fleet.view;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The records every view is made of; the HTML, JSON and CSV renderings all come from these, so they agree. */
public final class ViewModel {
    private ViewModel() {
    }

    public record VersionStat(String version, long machines, boolean newest, int versionsBehind, long daysBehind,
                              Instant firstSeen, long outOfPolicy, String compliance) {
    }

    public record ComponentStat(String purl, String type, String name, long machines, String newest, int lagVersions,
                                long lagDays, String tier, long outOfPolicy, String compliance, List<VersionStat> versions) {
        public ComponentStat {
            versions = List.copyOf(versions);
        }
    }

    public record TrendPoint(LocalDate day, double patchLevel, int hosts) {
    }

    public record ComponentsView(String environment, List<String> environments, Instant generatedAt, long hosts,
                                 long components, long installations, long outOfPolicy, double patchLevel,
                                 List<ComponentStat> items, List<TrendPoint> trend) {
        public ComponentsView {
            environments = List.copyOf(environments);
            items = List.copyOf(items);
            trend = List.copyOf(trend);
        }
    }

    public record HostVersion(String host, String environment, String role, String version, String tier,
                              String compliance) {
    }

    public record ComponentDetail(String environment, ComponentStat component, List<HostVersion> hosts) {
        public ComponentDetail {
            hosts = List.copyOf(hosts);
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
