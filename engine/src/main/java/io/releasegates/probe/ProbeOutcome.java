package io.releasegates.probe;

import io.releasegates.waiver.Waiver;
import io.releasegates.report.Finding;
import io.releasegates.report.Severity;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * probe.yml applied to the findings: each rule's action (FAIL raises a finding to at least high, the default
 * policy's block-at; WARN sets it to medium, its warn-at; IGNORE drops it), then the exceptions in force. An expired
 * exception excepts nothing and is reported itself.
 */
record ProbeOutcome(List<Finding> kept, long ignored, long excepted) {
    ProbeOutcome {
        kept = List.copyOf(kept);
    }

    static ProbeOutcome apply(List<Finding> findings, ProbeConfig config, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Finding> kept = new ArrayList<>();
        Set<Waiver> expiredUsed = new LinkedHashSet<>();
        long ignored = 0;
        long excepted = 0;
        for (Finding original : findings) {
            var action = config.actionFor(original);
            if (action.isPresent() && action.get() == ProbeConfig.Action.IGNORE) {
                ignored++;
                continue;
            }
            Finding f = action.map(a -> withAction(original, a)).orElse(original);
            if (config.exceptions().stream().anyMatch(w -> !w.isExpiredOn(today) && w.matches("probe", f))) {
                excepted++;
                continue;
            }
            config.exceptions().stream().filter(w -> w.isExpiredOn(today) && w.matches("probe", f)).forEach(expiredUsed::add);
            kept.add(f);
        }
        for (Waiver w : config.exceptions()) {
            if (w.isExpiredOn(today)) {
                kept.add(ProbeRule.EXCEPTION_EXPIRED.finding().subject(w.subject()).location(config.source())
                        .message("exception for " + w.rule() + " on " + w.subject() + " (owner " + w.owner() + ") expired "
                                + w.expires() + (expiredUsed.contains(w) ? "; its finding is reported again" : ""))
                        .property("exceptedRule", w.rule()).property("owner", w.owner()).property("expires", w.expires())
                        .property("reason", w.reason()).build());
            }
        }
        return new ProbeOutcome(kept, ignored, excepted);
    }

    private static Finding withAction(Finding f, ProbeConfig.Action action) {
        Severity severity = action == ProbeConfig.Action.FAIL
                ? (f.severity().isAtLeast(Severity.HIGH) ? f.severity() : Severity.HIGH) : Severity.MEDIUM;
        Map<String, String> props = new TreeMap<>(f.properties());
        props.put("action", action.name());
        props.put("ruleSeverity", f.severity().label());
        return new Finding(f.ruleId(), f.title(), severity, f.subject(), f.location(), f.message(), props);
    }
}
