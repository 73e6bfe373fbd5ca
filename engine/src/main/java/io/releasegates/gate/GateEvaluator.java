package io.releasegates.gate;

import io.releasegates.duration.Ages;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Input;
import io.releasegates.report.ToolVersion;
import io.releasegates.waiver.Waiver;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges an evidence directory against a policy for one environment. Fails closed: whatever cannot be established
 * (missing, unreadable, incomplete, stale or foreign evidence) is a BLOCK condition of its own, all collected before
 * deciding, so one run shows every reason.
 */
public final class GateEvaluator {
    /** Clock skew tolerated before evidence "from the future" is refused. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final Request request;
    private final List<Condition> conditions = new ArrayList<>();
    private String packageSha256;
    private String packagePath;

    /**
     * What to judge.
     *
     * @param policy       the parsed policy
     * @param policyPath   as given, for the verdict
     * @param policySha256 of the policy file content
     * @param evidence     the loaded evidence directory
     * @param environment  must be defined in the policy
     * @param expected     the package being promoted, when given; else the evidence must agree on one
     * @param now          evaluation time (ages and waiver expiry are measured against it)
     */
    public record Request(Policy policy, String policyPath, String policySha256, EvidenceSet evidence,
                          String environment, PackageRef expected, Instant now) {
    }

    /** A package by path and content hash. */
    public record PackageRef(String path, String sha256) {
    }

    private GateEvaluator(Request request) {
        this.request = request;
    }

    public static Verdict evaluate(Request request) {
        return new GateEvaluator(request).run();
    }

    private Verdict run() {
        Policy policy = request.policy();
        List<String> required = policy.environments().get(request.environment());
        if (required == null) {
            throw new BadInputException(request.policyPath() + ": unknown environment '" + request.environment()
                    + "' (the policy defines: " + String.join(", ", policy.environments().keySet()) + ")");
        }
        for (EvidenceSet.Problem p : request.evidence().problems()) {
            conditions.add(new Condition("", p.ruleId(), Status.BLOCK, "", fileName(p.file()), "", p.message(),
                    "fail closed: every evidence file must be " + switch (p.ruleId()) {
                        case GateRuleIds.EVIDENCE_SCHEMA -> "of a known schema";
                        case GateRuleIds.EVIDENCE_UNSIGNED, GateRuleIds.EVIDENCE_SIGNATURE ->
                                "signed by the gate's key and unchanged since";
                        default -> "readable, complete evidence JSON";
                    }, "", fileName(p.file())));
        }
        Map<String, List<Evidence>> byGate = new LinkedHashMap<>();
        for (Evidence e : request.evidence().loaded()) {
            byGate.computeIfAbsent(e.gate(), g -> new ArrayList<>()).add(e);
        }
        List<Evidence> judged = new ArrayList<>();
        for (String gate : required) {
            judged.addAll(byGate.getOrDefault(gate, List.of()));
        }
        establishPackage(judged);

        FindingJudge findings = new FindingJudge(policy.waivers(), today());
        for (String gate : required) {
            List<Evidence> files = byGate.getOrDefault(gate, List.of());
            if (files.isEmpty()) {
                conditions.add(new Condition(gate, GateRuleIds.EVIDENCE_MISSING, Status.BLOCK, "", gate + " evidence", "",
                        "no evidence for required gate '" + gate + "' in " + request.evidence().dir(),
                        "environment " + request.environment() + " requires " + gate, "", ""));
                continue;
            }
            if (files.size() > 1) {
                conditions.add(new Condition(gate, GateRuleIds.EVIDENCE_DUPLICATE, Status.BLOCK, "", gate + " evidence", "",
                        files.size() + " evidence files for gate '" + gate + "' ("
                                + String.join(", ", files.stream().map(e -> fileName(e.file())).toList())
                                + "): the gate cannot tell which one counts",
                        "one evidence file per gate", "", ""));
            }
            for (Evidence e : files) {
                judgeEvidence(e, findings);
            }
        }
        for (Map.Entry<String, List<Evidence>> e : byGate.entrySet()) {
            if (!required.contains(e.getKey())) {
                for (Evidence ev : e.getValue()) {
                    conditions.add(new Condition(e.getKey(), GateRuleIds.NOT_REQUIRED, Status.SKIPPED, "",
                            e.getKey() + " evidence", "", "present but not required for " + request.environment()
                                    + ": not judged", "environment " + request.environment() + " requires "
                                    + String.join(", ", required), "", fileName(ev.file())));
                }
            }
        }
        for (Waiver w : policy.waivers()) {
            if (w.isExpiredOn(today())) {
                conditions.add(new Condition(w.gate(), GateRuleIds.WAIVER_EXPIRED, Status.WARN, "", w.rule(),
                        w.subject(), "waiver for " + w.rule() + " expired on " + w.expires() + " and is not applied",
                        "waivers apply until their expiry date", w.describe(), ""));
            }
        }
        Status status = Status.PASS;
        for (Condition c : conditions) {
            status = Status.worst(status, c.status());
        }
        List<Verdict.EvidenceRef> refs = request.evidence().loaded().stream()
                .map(e -> new Verdict.EvidenceRef(e.gate(), fileName(e.file()), e.sha256(), e.report().generatedAt(),
                        e.report().toolVersion(), e.signedBy()))
                .toList();
        return new Verdict(status, request.environment(), packagePath, packageSha256, request.policyPath(),
                request.policySha256(), request.now(), ToolVersion.get(), required, refs, conditions);
    }

    /** Decides which package is judged: the one given, else the one all judged evidence agrees on. */
    private void establishPackage(List<Evidence> judged) {
        if (request.expected() != null) {
            packageSha256 = request.expected().sha256();
            packagePath = request.expected().path();
            return;
        }
        Map<String, List<String>> filesByHash = new LinkedHashMap<>();
        for (Evidence e : judged) {
            for (Input in : e.packages()) {
                filesByHash.computeIfAbsent(in.sha256().toLowerCase(java.util.Locale.ROOT), h -> new ArrayList<>())
                        .add(fileName(e.file()));
                if (packagePath == null) {
                    packagePath = in.path();
                }
            }
        }
        if (filesByHash.size() == 1) {
            packageSha256 = filesByHash.keySet().iterator().next();
        } else if (filesByHash.size() > 1) {
            packagePath = null;
            List<String> parts = new ArrayList<>();
            filesByHash.forEach((h, files) -> parts.add(String.join(", ", new LinkedHashSet<>(files)) + " → " + h));
            conditions.add(new Condition("", GateRuleIds.PACKAGE_INCONSISTENT, Status.BLOCK, "", "package", "",
                    "the evidence files judge different packages: " + String.join("; ", parts),
                    "all evidence must be about one package", "", ""));
        } else if (judged.stream().anyMatch(e -> request.policy().rulesFor(e.gate()).aboutPackage())) {
            conditions.add(new Condition("", GateRuleIds.PACKAGE_UNKNOWN, Status.BLOCK, "", "package", "",
                    "no package could be identified: give the package setting or evidence naming it",
                    "the verdict must name the judged package", "", ""));
        }
    }

    private void judgeEvidence(Evidence e, FindingJudge findings) {
        String gate = e.gate();
        String file = fileName(e.file());
        Policy.GateRules rules = request.policy().rulesFor(gate);
        for (String error : e.report().errors()) {
            conditions.add(new Condition(gate, GateRuleIds.EVIDENCE_INCOMPLETE, Status.BLOCK, "", file, "",
                    "the " + gate + " run was incomplete: " + error, "fail closed: evidence with errors never counts",
                    "", file));
        }
        checkEvidenceAge(e, gate, file);
        checkDataAge(e, gate, file, rules);
        checkPackage(e, gate, file, rules);
        conditions.addAll(findings.judge(e, rules));
    }

    private void checkEvidenceAge(Evidence e, String gate, String file) {
        Instant at = e.report().generatedAt();
        Duration max = request.policy().maxEvidenceAge(gate);
        Duration age = Duration.between(at, request.now());
        String threshold = "max-evidence-age: " + Ages.format(max);
        if (age.isNegative() && age.negated().compareTo(FUTURE_TOLERANCE) > 0) {
            conditions.add(new Condition(gate, GateRuleIds.EVIDENCE_FUTURE, Status.BLOCK, "", file, "",
                    "evidence claims to be written at " + at + ", " + Ages.format(age.negated())
                            + " in the future (clock skew or forgery)", threshold, "", file));
        } else if (age.compareTo(max) > 0) {
            conditions.add(new Condition(gate, GateRuleIds.EVIDENCE_STALE, Status.BLOCK, "", file, "",
                    "evidence written " + Ages.format(age) + " ago (" + at + "), older than allowed", threshold, "", file));
        } else {
            conditions.add(new Condition(gate, GateRuleIds.EVIDENCE_FRESH, Status.PASS, "", file, "",
                    "evidence written " + Ages.format(age.isNegative() ? Duration.ZERO : age) + " ago (" + at + ")",
                    threshold, "", file));
        }
    }

    private void checkDataAge(Evidence e, String gate, String file, Policy.GateRules rules) {
        Duration max = rules.maxDataAge();
        if (max == null) {
            return;
        }
        String threshold = "max-data-age: " + Ages.format(max);
        if (e.report().dataAsOf().isEmpty()) {
            conditions.add(new Condition(gate, GateRuleIds.DATA_AGE_UNKNOWN, Status.BLOCK, "", gate + " data", "",
                    "the evidence does not say how old its data is (no dataAsOf entry)", threshold, "", file));
            return;
        }
        e.report().dataAsOf().forEach((name, asOf) -> {
            Duration age = Duration.between(asOf, request.now());
            if (age.compareTo(max) > 0) {
                conditions.add(new Condition(gate, GateRuleIds.DATA_STALE, Status.BLOCK, "", name, "",
                        "data '" + name + "' is " + Ages.format(age) + " old (as of " + asOf + ")", threshold, "", file));
            } else {
                conditions.add(new Condition(gate, GateRuleIds.DATA_FRESH, Status.PASS, "", name, "",
                        "data '" + name + "' is " + Ages.format(age.isNegative() ? Duration.ZERO : age) + " old (as of "
                                + asOf + ")", threshold, "", file));
            }
        });
    }

    private void checkPackage(Evidence e, String gate, String file, Policy.GateRules rules) {
        List<Input> packages = e.packages();
        if (packages.isEmpty()) {
            if (rules.aboutPackage()) {
                conditions.add(new Condition(gate, GateRuleIds.PACKAGE_UNNAMED, Status.BLOCK, "", file, "",
                        "the " + gate + " evidence does not name the package it examined (no input with role 'package')",
                        "about-package: true", "", file));
            }
            return;
        }
        if (packageSha256 == null || packageSha256.isEmpty()) {
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Input in : packages) {
            if (!seen.add(in.sha256())) {
                continue;
            }
            if (in.sha256().equalsIgnoreCase(packageSha256)) {
                conditions.add(new Condition(gate, GateRuleIds.PACKAGE_MATCH, Status.PASS, "", file, "",
                        "evidence is about the judged package " + in.path() + " (sha256 " + packageSha256 + ")",
                        "same package SHA-256", "", file));
            } else {
                conditions.add(new Condition(gate, GateRuleIds.PACKAGE_MISMATCH, Status.BLOCK, "", file, "",
                        "evidence is about another package: " + in.path() + " (sha256 " + in.sha256()
                                + "), the judged package " + packagePath + " has sha256 " + packageSha256,
                        "same package SHA-256", "", file));
            }
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(request.now(), ZoneOffset.UTC);
    }

    private static String fileName(java.nio.file.Path p) {
        return p.getFileName().toString();
    }
}
