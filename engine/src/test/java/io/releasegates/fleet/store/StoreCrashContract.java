package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 2: kill -9 of serve (H2) during a burst lost 5 of 157 reports already answered 200. A real child
 * JVM ingests a bounded burst (two rounds of reports for the same hosts, from concurrent threads, so batches share a
 * commit) and prints each acknowledgement; the test kills it with SIGKILL in the middle of the second round, opens
 * the store again and requires every acknowledged report, and every host's snapshot whole: exactly one round's full
 * package set, never a mix, and machine counters that agree with the snapshots.
 */
abstract class StoreCrashContract {
    static final int HOSTS = 120;
    static final int ROUNDS = 2;

    @TempDir
    Path tmp;

    abstract String newStoreUrl() throws Exception;

    @Test
    void shouldKeepEveryAcknowledgedReportWhenTheWriterIsKilledMidBurst() throws Exception {
        String url = newStoreUrl();
        Path log = tmp.resolve("writer.log");
        Process writer = StoreProcess.command("write", url, String.valueOf(HOSTS), String.valueOf(ROUNDS), "16")
                .redirectError(log.toFile()).start();
        Map<String, Integer> acked = new HashMap<>();
        int acks = 0;
        // mid-way through the second round: every host has landed once, a quarter of them twice, batches in flight
        int killAfter = HOSTS + HOSTS / 4;
        try {
            while (acks < killAfter) {
                String line = StoreProcess.readLine(writer);
                assertThat(line).as("writer output (log: %s)", Files.exists(log) ? Files.readString(log) : "").startsWith("ack ");
                String[] f = line.split(" ");
                acked.merge(f[1], Integer.parseInt(f[2]), Math::max);
                acks++;
            }
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writer.exitValue()).as("killed, not finished").isEqualTo(137);
        assertThat(acked.values().stream().filter(r -> r == 1).count()).isGreaterThan(0);

        try (FleetStore store = FleetStores.open(url)) {
            Catalog catalog = store.catalog();
            Map<Integer, Long> runningPerVersion = new HashMap<>();
            int present = 0;
            for (int h = 0; h < HOSTS; h++) {
                String host = StoreProcess.host(h);
                var row = store.host(host);
                Integer ackedRound = acked.get(host);
                if (row.isEmpty()) {
                    assertThat(ackedRound).as(host + " was acknowledged but is missing").isNull();
                    continue;
                }
                present++;
                List<Integer> versions = store.hostVersions(row.get().id());
                versions.forEach(v -> runningPerVersion.merge(v, 1L, Long::sum));
                Set<String> purls = versions.stream().map(v -> purl(catalog, v)).collect(Collectors.toCollection(TreeSet::new));
                int round = roundOf(h, purls);
                assertThat(round).as(host + ": the snapshot is one report's whole package set, not a mix: " + purls).isGreaterThanOrEqualTo(0);
                if (ackedRound != null) {
                    assertThat(round).as(host + " lost its acknowledged round " + ackedRound).isGreaterThanOrEqualTo(ackedRound);
                }
                assertThat(row.get().packages()).isEqualTo(StoreProcess.PACKAGES);
            }
            assertThat(present).isGreaterThanOrEqualTo(acked.size());
            Map<Integer, Long> counted = new HashMap<>();
            store.versionCounts(null).forEach(c -> counted.merge(c.versionId(), c.hosts(), Long::sum));
            assertThat(counted).as("machine counters agree with the snapshots").isEqualTo(runningPerVersion);
        }
    }

    private static String purl(Catalog catalog, int versionId) {
        Catalog.Version v = catalog.version(versionId);
        return catalog.component(v.componentId()).key() + "@" + v.version();
    }

    /** Which round's full package set this is, or -1. */
    private static int roundOf(int host, Set<String> purls) {
        for (int round = 0; round < ROUNDS; round++) {
            HostReport r = StoreProcess.report(host, round);
            if (purls.equals(r.packages().stream().map(PackageRef::purl).collect(Collectors.toCollection(TreeSet::new)))) {
                return round;
            }
        }
        return -1;
    }
}
