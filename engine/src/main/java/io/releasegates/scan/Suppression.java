package io.releasegates.scan;

import io.releasegates.report.Finding;
import io.releasegates.waiver.Waiver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Applies Dependency-Check suppressions and our waivers; expired ones suppress nothing and are reported. */
record Suppression(List<Finding> kept, long suppressed) {

    static Suppression apply(List<Finding> findings, List<DcSuppressions.Rule> rules, List<Waiver> waivers,
                             Clock clock, Path suppressionFile, Path waiverFile) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Finding> kept = new ArrayList<>();
        Set<Object> expiredUsed = new LinkedHashSet<>();
        long suppressed = 0;
        for (Finding f : findings) {
            boolean drop = false;
            for (DcSuppressions.Rule r : rules) {
                if (r.applies(f)) {
                    if (r.until().isPresent() && r.until().get().isBefore(today)) {
                        expiredUsed.add(r);
                    } else {
                        drop = true;
                    }
                }
            }
            for (Waiver w : waivers) {
                if (w.matches("scan", f)) {
                    if (w.isExpiredOn(today)) {
                        expiredUsed.add(w);
                    } else {
                        drop = true;
                    }
                }
            }
            if (drop) {
                suppressed++;
            } else {
                kept.add(f);
            }
        }
        for (int i = 0; i < waivers.size(); i++) {
            Waiver w = waivers.get(i);
            if (w.isExpiredOn(today)) {
                kept.add(ScanRule.WAIVER_EXPIRED.finding().subject(w.scope()).location(String.valueOf(waiverFile))
                        .message("waiver #" + (i + 1) + " for " + w.rule() + " on " + w.scope() + " (owner "
                                + w.owner() + ") expired " + w.expires() + (expiredUsed.contains(w) ? "; its finding is reported again" : ""))
                        .property("advisory", null).property("waivedAdvisory", w.rule()).property("owner", w.owner())
                        .property("expires", w.expires()).property("reason", w.reason()).build());
            }
        }
        for (DcSuppressions.Rule r : rules) {
            if (r.until().isPresent() && r.until().get().isBefore(today)) {
                kept.add(ScanRule.WAIVER_EXPIRED.finding().subject("suppress #" + r.index()).location(String.valueOf(suppressionFile))
                        .message("suppression #" + r.index() + (r.notes().isEmpty() ? "" : " (" + r.notes() + ")") + " expired "
                                + r.until().get() + (expiredUsed.contains(r) ? "; its finding is reported again" : ""))
                        .property("expires", r.until().get()).build());
            }
        }
        return new Suppression(List.copyOf(kept), suppressed);
    }
}
