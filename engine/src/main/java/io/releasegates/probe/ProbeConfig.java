package io.releasegates.probe;

import io.releasegates.glob.Glob;
import io.releasegates.report.Finding;
import io.releasegates.waiver.Waiver;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code probe.yml} says (docs/probe.md): each rule's action, as OWASP ZAP's baseline configures its rules, and
 * per-URL exceptions, each an ordinary {@link Waiver} (rule, URL glob as subject, owner, reason, expiry) of gate
 * {@code probe}.
 *
 * @param source     the file, for messages and the report's inputs; empty for the defaults
 * @param actions    rule id (or advisory id; {@code *} wildcards) → action, in file order
 * @param exceptions accepted findings, each until its expiry
 */
public record ProbeConfig(String source, Map<String, Action> actions, List<Waiver> exceptions) {
    /** WARN: reported at medium (the default policy's warn-at); FAIL: at least high (its block-at); IGNORE: dropped. */
    public enum Action { WARN, FAIL, IGNORE }

    public ProbeConfig {
        source = source == null ? "" : source;
        actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
        exceptions = List.copyOf(exceptions);
    }

    public static ProbeConfig defaults() {
        return new ProbeConfig("", Map.of(), List.of());
    }

    /** The action of the first entry naming one of the finding's ids (rule id, then its advisory alias). */
    Optional<Action> actionFor(Finding f) {
        String alias = f.properties().getOrDefault("aliases", "");
        for (Map.Entry<String, Action> e : actions.entrySet()) {
            Glob glob = Glob.text(e.getKey());
            if (glob.matches(f.ruleId()) || !alias.isEmpty() && glob.matches(alias)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
