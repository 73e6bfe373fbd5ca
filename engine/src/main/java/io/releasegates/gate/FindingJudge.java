package io.releasegates.gate;

import io.releasegates.glob.Glob;
import io.releasegates.report.Finding;
import io.releasegates.waiver.Waiver;
import io.releasegates.waiver.RuleIds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Classifies one gate's findings by its policy rules and the waivers in force. */
final class FindingJudge {
    /** Value of the finding property {@code incomplete} on findings about something that was not examined. */
    private static final String INCOMPLETE = "true";
    private final List<Waiver> waivers;
    private final LocalDate today;

    FindingJudge(List<Waiver> waivers, LocalDate today) {
        this.waivers = waivers;
        this.today = today;
    }

    /** Conditions for every finding that warns or blocks (waived or not), plus one summary condition for the gate. */
    List<Condition> judge(Evidence evidence, Policy.GateRules rules) {
        String gate = evidence.gate();
        String file = evidence.file().getFileName().toString();
        List<Condition> out = new ArrayList<>();
        int blocked = 0;
        int warned = 0;
        int waived = 0;
        int ignored = 0;
        int below = 0;
        for (Finding f : evidence.report().findings()) {
            List<String> ids = RuleIds.of(f);
            Status status;
            String threshold;
            Optional<String> onBlock = firstMatch(rules.block(), ids);
            Optional<String> onIgnore = firstMatch(rules.ignore(), ids);
            Optional<String> onWarn = firstMatch(rules.warn(), ids);
            if (onBlock.isPresent()) {
                status = Status.BLOCK;
                threshold = "block: " + onBlock.get();
            } else if (onIgnore.isPresent()) {
                ignored++;
                continue;
            } else if (onWarn.isPresent()) {
                status = Status.WARN;
                threshold = "warn: " + onWarn.get();
            } else if (INCOMPLETE.equals(f.properties().get("incomplete"))) {
                // fail closed: a part of the package nobody examined blocks whatever block-at says; only a waiver
                // (with its expiry) or an explicit warn/ignore entry of the policy accepts it
                status = Status.BLOCK;
                threshold = "fail closed: not examined";
            } else if (f.severity().isAtLeast(rules.blockAt())) {
                status = Status.BLOCK;
                threshold = "block-at: " + rules.blockAt().label();
            } else if (f.severity().isAtLeast(rules.warnAt())) {
                status = Status.WARN;
                threshold = "warn-at: " + rules.warnAt().label();
            } else {
                below++;
                continue;
            }
            String waiverText = "";
            Optional<Waiver> active = waivers.stream()
                    .filter(w -> !w.isExpiredOn(today) && w.matches(gate, f)).findFirst();
            if (active.isPresent()) {
                waiverText = active.get().describe();
                status = Status.PASS;
                waived++;
            } else {
                Optional<Waiver> expired = waivers.stream().filter(w -> w.isExpiredOn(today) && w.matches(gate, f))
                        .findFirst();
                if (expired.isPresent()) {
                    waiverText = "NOT applied: " + expired.get().describe() + " (expired)";
                }
            }
            if (status == Status.BLOCK) {
                blocked++;
            } else if (status == Status.WARN) {
                warned++;
            }
            out.add(new Condition(gate, f.ruleId(), status, f.severity().label(), f.subject(), f.location(),
                    reason(f), threshold, waiverText, file));
        }
        int total = evidence.report().findings().size();
        String summary = total == 0 ? "no findings"
                : total + " finding(s): " + blocked + " block, " + warned + " warn, " + waived + " waived, "
                        + ignored + " ignored by policy, " + below + " below warn-at " + rules.warnAt().label();
        out.add(new Condition(gate, GateRuleIds.FINDINGS_SUMMARY, Status.PASS, "", gate + " findings", "", summary,
                "block-at: " + rules.blockAt().label() + ", warn-at: " + rules.warnAt().label(), "", file));
        return out;
    }

    /** The finding's own one-line message (the rule id and title are separate columns), else its title. */
    private static String reason(Finding f) {
        return f.message().isEmpty() ? f.title() : f.message();
    }

    private static Optional<String> firstMatch(List<String> globs, List<String> ids) {
        for (String g : globs) {
            for (String id : ids) {
                if (Glob.text(g).matches(id)) {
                    return Optional.of(g);
                }
            }
        }
        return Optional.empty();
    }
}
