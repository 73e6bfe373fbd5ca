package io.releasegates.cli;

import io.releasegates.scan.ScanRequest;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where NVD data comes from, shared by {@code scan} and {@code probe} (banner versions are matched against the same
 * data): a Dependency-Check data feed, a folder of NVD records, and the data dir whose NVD database is reused.
 */
final class NvdDataOptions {
    @Option(names = "--nvd-datafeed", paramLabel = "URL|DIR",
            description = "NVD data feed as Dependency-Check reads it (cache.properties + nvdcve-YYYY.json.gz + nvdcve-modified.json.gz), a mirror URL or a folder.")
    String nvdDatafeed;

    @Option(names = "--nvd-records", paramLabel = "DIR",
            description = "Folder of NVD CVE records (one API 2.0 JSON per CVE, e.g. test-fixtures/advisories/nvd); laid out as a data feed in the data dir.")
    Path nvdRecords;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where Dependency-Check keeps its NVD database, reused between runs and used as is when no feed is given (default: ${DEFAULT-VALUE}).")
    Path dataDir = ScanRequest.defaultDataDir();
}
