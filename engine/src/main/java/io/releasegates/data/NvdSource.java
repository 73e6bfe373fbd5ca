package io.releasegates.data;

import io.releasegates.scan.NvdApi;
import io.releasegates.scan.NvdData;
import java.time.Instant;

/**
 * NVD through the API 2.0, incrementally, into {@code DIR/nvd}: Dependency-Check's own update, as
 * {@code scan --nvd-api-key-env} runs it (it asks only for what changed since its last complete update, and records
 * that date only when an update completes, so a failed one leaves the database as it was and is simply retried).
 */
final class NvdSource {
    private NvdSource() {
    }

    static SourceResult update(DataDir dir, String apiKey, String apiEndpoint, SourceState before, Instant now) {
        // a failed first update leaves an empty database behind, which holds no data either
        boolean had = hasData(dir);
        try {
            NvdData.Status status = NvdData.update(dir.nvdDir(), apiKey, apiEndpoint);
            SourceState state = new SourceState(null, null, now, now, null, status.records(), status.asOf().orElse(null), null);
            return new SourceResult(DataDir.NVD, SourceResult.Kind.UPDATED, state);
        } catch (RuntimeException e) {
            // Dependency-Check's messages are masked already; masked again in case one came from elsewhere
            String message = NvdApi.mask(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), apiKey);
            return SourceResult.failed(DataDir.NVD, before.failed(now, message.lines().findFirst().orElse(message)
                    + (had ? "; old data kept" : "; no data yet")));
        }
    }

    private static boolean hasData(DataDir dir) {
        try {
            return NvdData.status(dir.nvdDir()).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
