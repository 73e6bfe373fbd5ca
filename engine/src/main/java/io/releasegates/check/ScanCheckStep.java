package io.releasegates.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.duration.Ages;
import io.releasegates.report.BadInputException;
import io.releasegates.scan.NvdApi;
import io.releasegates.scan.PackageScanner;
import io.releasegates.scan.ScanRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scan of the release package (docs/scan.md). Options mirror {@code release-gates scan}: {@code osv}, {@code nvd-records},
 * {@code nvd-datafeed}, {@code nvd-api-key-env} (the name of the variable holding the key, never the key) or
 * {@code nvd-api-key-file} (a file holding it), the inventory step's {@code checksum-search} options,
 * {@code nvd-api-url} (an NVD API 2.0 mirror or proxy),
 * {@code data-dir}, {@code suppressions}, {@code waivers}, {@code max-data-age}, {@code allow}, {@code deny},
 * {@code maven-repo}. The demo uses the bundled sample advisories under {@code test-fixtures/advisories}.
 */
final class ScanCheckStep implements Step {
    private static final Map<String, StepOption> OPTIONS = Map.ofEntries(
            Map.entry("osv", StepOption.PATH), Map.entry("nvd-records", StepOption.PATH),
            Map.entry("nvd-datafeed", StepOption.TEXT), Map.entry("nvd-api-key-env", StepOption.TEXT),
            Map.entry("nvd-api-url", StepOption.TEXT), Map.entry("data-dir", StepOption.PATH),
            Map.entry("suppressions", StepOption.PATH), Map.entry("waivers", StepOption.PATH),
            Map.entry("max-data-age", StepOption.DURATION), Map.entry("allow", StepOption.STRINGS),
            Map.entry("deny", StepOption.STRINGS), Map.entry("maven-repo", StepOption.PATH),
            Map.entry("nvd-api-key-file", StepOption.PATH), Map.entry("checksum-search", StepOption.TEXT),
            Map.entry("checksum-search-type", StepOption.TEXT),
            Map.entry("checksum-search-credentials-env", StepOption.TEXT),
            Map.entry("checksum-search-credentials-file", StepOption.PATH));

    @Override
    public Map<String, StepOption> options() {
        return OPTIONS;
    }

    @Override
    public Output run(Context context) {
        CheckConfig.StepConfig c = context.config();
        ScanRequest.Builder b = ScanRequest.builder(context.packageFile())
                .osv(c.path("osv"))
                .nvdRecords(c.path("nvd-records"))
                .nvdDatafeed(c.text("nvd-datafeed", null))
                .dataDir(c.path("data-dir"))
                .suppressions(c.path("suppressions"))
                .waivers(c.path("waivers"))
                .mavenRepo(c.path("maven-repo"))
                .allow(strings(c, "allow"))
                .deny(strings(c, "deny"));
        b.nvdApiKey(c.secret("nvd-api-key"));
        b.checksumSearch(InventoryCheckStep.checksumSearch(c));
        String apiUrl = c.text("nvd-api-url", null);
        if (apiUrl != null) {
            b.nvdApiUrl(NvdApi.endpoint(apiUrl, "steps.scan.nvd-api-url"));
        }
        String maxAge = c.text("max-data-age", null);
        if (maxAge != null) {
            try {
                b.maxDataAge(Ages.parse(maxAge));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("steps.scan.max-data-age: " + e.getMessage(), e);
            }
        }
        return new Output(PackageScanner.scan(b.build()), List.of());
    }

    private static List<String> strings(CheckConfig.StepConfig c, String key) {
        JsonNode node = c.options().get(key);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
