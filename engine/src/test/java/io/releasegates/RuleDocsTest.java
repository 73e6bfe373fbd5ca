package io.releasegates;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.backup.BackupRule;
import io.releasegates.gate.GateRuleIds;
import io.releasegates.integrity.IntegrityRule;
import io.releasegates.inventory.InventoryRule;
import io.releasegates.report.Rule;
import io.releasegates.scan.ScanRule;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/rules.md documents every rule id the code can report, and no id the code no longer knows. */
class RuleDocsTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern LITERAL = Pattern.compile("\"(RG-[A-Z0-9]+(?:-[A-Z0-9]+)*)\"");
    private static final Pattern DOCUMENTED = Pattern.compile("RG-[A-Z0-9]+(?:-[A-Z0-9]+)*");

    @Test
    void shouldDocumentEveryRuleIdTheCodeUses() throws Exception {
        Set<String> documented = documented();
        Set<String> used = used();
        assertThat(used).as("rule ids found in the code").hasSizeGreaterThan(60);
        assertThat(used).as("ids the code reports but docs/rules.md does not list").isSubsetOf(documented);
    }

    @Test
    void shouldNotDocumentIdsTheCodeNoLongerHas() throws Exception {
        Set<String> used = used();
        // a family such as RG-SCAN-RISKY (written RG-SCAN-RISKY-*) is documented by naming its prefix
        Set<String> stale = new TreeSet<>();
        for (String id : documented()) {
            if (!used.contains(id) && used.stream().noneMatch(u -> u.startsWith(id + "-"))) {
                stale.add(id);
            }
        }
        assertThat(stale).as("ids docs/rules.md lists that no code reports").isEmpty();
    }

    private static Set<String> documented() throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(Files.readString(ROOT.resolve("docs/rules.md")));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Ids of the rule enums and constant classes, plus any id written as a literal in the main sources of any module. */
    private static Set<String> used() throws Exception {
        Set<String> out = new TreeSet<>();
        for (Rule[] rules : List.<Rule[]>of(BackupRule.values(), IntegrityRule.values(), InventoryRule.values(),
                ScanRule.values())) {
            for (Rule r : rules) {
                out.add(r.id());
            }
        }
        for (Field f : GateRuleIds.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                out.add((String) f.get(null));
            }
        }
        for (String module : new String[] {"engine", "cli", "plugin"}) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = LITERAL.matcher(Files.readString(f));
                    while (m.find()) {
                        out.add(m.group(1));
                    }
                }
            }
        }
        return out;
    }
}
