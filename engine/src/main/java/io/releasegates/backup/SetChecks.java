package io.releasegates.backup;

import io.releasegates.backup.BackupConfig.BackupSet;
import io.releasegates.backup.BackupConfig.Policy;
import io.releasegates.backup.CopyScan.BackupFile;
import io.releasegates.report.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks that need every copy of a set at once: 3-2-1 over the copies that are really there, freshness against
 * the RPO, agreement on the newest backup, retention, and agreement of the copies' checksums.
 */
final class SetChecks {
    private SetChecks() {
    }

    static List<Finding> judge(BackupSet set, List<CopyScan> scans, Instant asOf) {
        List<Finding> findings = new ArrayList<>();
        rule321(set, scans, findings);
        Optional<BackupFile> newest = scans.stream().filter(CopyScan::reachable)
                .flatMap(s -> s.files().stream())
                .max(Comparator.comparing(BackupFile::modified).thenComparing(BackupFile::name));
        for (CopyScan scan : scans) {
            if (!scan.reachable()) {
                continue;
            }
            if (scan.files().isEmpty() || scan.newest() == null) {
                findings.add(BackupRule.NO_BACKUPS.finding().subject(scan.subject())
                        .location(scan.copy().path().toString())
                        .message(scan.copy().location() + " holds no backups").build());
                continue;
            }
            Duration age = Duration.between(scan.newest(), asOf);
            if (age.compareTo(set.rpo()) > 0) {
                findings.add(BackupRule.STALE.finding().subject(scan.subject()).location(scan.copy().path().toString())
                        .message("newest backup in " + scan.copy().location() + " is from " + scan.newest() + ", "
                                + human(age) + " old; the RPO of " + set.name() + " is " + human(set.rpo()))
                        .property("newest", scan.newest()).property("rpo", set.rpo()).property("asOf", asOf)
                        .build());
            }
            if (newest.isPresent() && !scan.has(newest.get().name())) {
                String own = scan.files().stream().max(Comparator.comparing(BackupFile::modified))
                        .map(BackupFile::name).orElse("nothing");
                findings.add(BackupRule.COPY_BEHIND.finding().subject(scan.subject())
                        .location(scan.copy().path().toString())
                        .message(scan.copy().location() + " lacks " + newest.get().name() + ", the newest backup of "
                                + set.name() + " (from " + newest.get().modified() + "); its own newest is " + own)
                        .property("newestOfSet", newest.get().name()).property("newestOfCopy", own).build());
            }
            int min = scan.copy().minBackups() != null ? scan.copy().minBackups() : set.minBackups();
            if (scan.backups() < min) {
                findings.add(BackupRule.MIN_BACKUPS.finding().subject(scan.subject())
                        .location(scan.copy().path().toString())
                        .message(scan.copy().location() + " retains " + scan.backups() + " backup(s); "
                                + set.name() + " requires at least " + min)
                        .property("retained", scan.backups()).property("required", min).build());
            }
        }
        disagreements(scans, findings);
        return findings;
    }

    private static void rule321(BackupSet set, List<CopyScan> scans, List<Finding> findings) {
        Policy p = set.policy();
        List<CopyScan> present = scans.stream().filter(CopyScan::reachable).toList();
        Set<String> media = new TreeSet<>();
        present.forEach(s -> media.add(s.copy().media().toLowerCase(Locale.ROOT)));
        long offsite = present.stream().filter(s -> s.copy().offsite()).count();
        String where = set.name();
        if (present.size() < p.minCopies()) {
            findings.add(BackupRule.COPIES_321.finding().subject(set.name()).location(where)
                    .message(set.name() + " has " + present.size() + " reachable cop" + (present.size() == 1 ? "y" : "ies")
                            + " of " + scans.size() + " configured; 3-2-1 requires " + p.minCopies())
                    .property("reachable", present.size()).property("required", p.minCopies()).build());
        }
        if (media.size() < p.minMedia()) {
            findings.add(BackupRule.MEDIA_321.finding().subject(set.name()).location(where)
                    .message(set.name() + " is on " + media.size() + " kind(s) of media " + media
                            + "; 3-2-1 requires " + p.minMedia())
                    .property("media", String.join(",", media)).property("required", p.minMedia()).build());
        }
        if (offsite < p.minOffsite()) {
            long configured = scans.stream().filter(s -> s.copy().offsite()).count();
            findings.add(BackupRule.OFFSITE_321.finding().subject(set.name()).location(where)
                    .message(set.name() + " has " + offsite + " reachable offsite cop" + (offsite == 1 ? "y" : "ies")
                            + " (" + configured + " configured); 3-2-1 requires " + p.minOffsite())
                    .property("offsite", offsite).property("required", p.minOffsite()).build());
        }
    }

    /** Two manifests giving different SHA-256 for the same file name means at least one copy holds other bytes. */
    private static void disagreements(List<CopyScan> scans, List<Finding> findings) {
        Map<String, CopyScan> firstByName = new HashMap<>();
        for (CopyScan scan : scans) {
            for (Map.Entry<String, String> e : scan.manifest().entrySet()) {
                CopyScan first = firstByName.putIfAbsent(e.getKey(), scan);
                if (first != null && !first.manifest().get(e.getKey()).equals(e.getValue())) {
                    findings.add(BackupRule.COPIES_DISAGREE.finding().subject(scan.subject())
                            .location(scan.copy().path().resolve(e.getKey()).toString())
                            .message(e.getKey() + ": " + scan.copy().location() + " lists SHA-256 " + e.getValue()
                                    + " but " + first.copy().location() + " lists "
                                    + first.manifest().get(e.getKey()))
                            .build());
                }
            }
        }
    }

    /** Reference checksums from the other copies: their manifests first, then bytes they were hashed from. */
    static Map<String, String> references(List<CopyScan> scans, CopyScan self) {
        Map<String, String> refs = new HashMap<>();
        for (CopyScan s : scans) {
            if (s != self) {
                s.manifest().forEach(refs::putIfAbsent);
            }
        }
        for (CopyScan s : scans) {
            if (s != self) {
                s.actual().forEach(refs::putIfAbsent);
            }
        }
        return refs;
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % (24 * 60) == 0 && minutes > 0) {
            return (minutes / (24 * 60)) + "d";
        }
        if (minutes >= 24 * 60) {
            return (minutes / (24 * 60)) + "d" + (minutes % (24 * 60)) / 60 + "h";
        }
        if (minutes % 60 == 0 && minutes > 0) {
            return (minutes / 60) + "h";
        }
        return minutes >= 60 ? (minutes / 60) + "h" + (minutes % 60) + "m" : Math.max(minutes, 0) + "m";
    }
}
