package io.releasegates.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.owasp.dependencycheck.Engine;
import org.owasp.dependencycheck.utils.Settings;
import us.springett.parsers.cpe.CpeBuilder;
import us.springett.parsers.cpe.values.Part;

class DcSpikeTest {
    @Test
    void shouldSpike() throws Exception {
        Path src = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories/nvd");
        Path tmp = Files.createTempDirectory("spike");
        Path feed = tmp.resolve("feed");
        NvdFeedLayout.write(src, feed);
        System.out.println(Files.readString(feed.resolve("cache.properties")));
        Settings s = new Settings();
        s.setString(Settings.KEYS.DATA_DIRECTORY, tmp.resolve("data").toString());
        s.setString(Settings.KEYS.H2_DATA_DIRECTORY, tmp.resolve("data").toString());
        s.setBoolean(Settings.KEYS.AUTO_UPDATE, true);
        s.setString(Settings.KEYS.NVD_API_DATAFEED_URL, feed.toUri().toString());
        s.setInt(Settings.KEYS.NVD_API_VALID_FOR_HOURS, 0);
        for (String k : new String[] {Settings.KEYS.ANALYZER_CENTRAL_ENABLED, Settings.KEYS.ANALYZER_NEXUS_ENABLED,
                Settings.KEYS.ANALYZER_ARTIFACTORY_ENABLED, Settings.KEYS.ANALYZER_OSSINDEX_ENABLED,
                Settings.KEYS.ANALYZER_RETIREJS_ENABLED, Settings.KEYS.ANALYZER_NODE_AUDIT_ENABLED,
                Settings.KEYS.ANALYZER_YARN_AUDIT_ENABLED, Settings.KEYS.ANALYZER_PNPM_AUDIT_ENABLED,
                Settings.KEYS.ANALYZER_KNOWN_EXPLOITED_ENABLED, Settings.KEYS.HOSTED_SUPPRESSIONS_ENABLED,
                Settings.KEYS.ANALYZER_BUNDLE_AUDIT_ENABLED, Settings.KEYS.ANALYZER_ASSEMBLY_ENABLED,
                Settings.KEYS.ANALYZER_GOLANG_MOD_ENABLED, Settings.KEYS.ANALYZER_MIX_AUDIT_ENABLED,
                Settings.KEYS.ANALYZER_NODE_PACKAGE_ENABLED}) {
            s.setBoolean(k, false);
        }
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            org.owasp.dependencycheck.utils.Downloader.getInstance().configure(s);
            try (Engine engine = new Engine(Engine.Mode.STANDALONE, s)) {
                engine.doUpdates(true);
                long t1 = System.nanoTime();
                engine.scan(Path.of(System.getProperty("releasegates.fixtures"), "sample-vulnerable.war").toFile());
                engine.analyzeDependencies();
                long t2 = System.nanoTime();
                System.out.printf("update %d ms, analyze %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
                for (var d : engine.getDependencies()) {
                    System.out.println(d.getFilePath() + " sha1=" + d.getSha1sum() + " ids=" + d.getVulnerableSoftwareIdentifiers()
                            + " vulns=" + d.getVulnerabilities().stream().map(v -> v.getName()).toList());
                }
                var db = engine.getDatabase();
                System.out.println("props " + db.getDatabaseProperties().getProperties());
                var any = new CpeBuilder().part(Part.APPLICATION).vendor("apache").product("log4j").build();
                var vs = db.getVulnerabilities(any);
                System.out.println("ANY log4j: " + vs.stream().map(v -> v.getName() + " " + v.getVulnerableSoftware()).toList());
                System.out.println("vp " + db.getVendorProductList().size());
            }
        }
    }
}
