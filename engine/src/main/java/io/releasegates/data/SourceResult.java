package io.releasegates.data;

/**
 * How one source's update went, and its state to keep.
 *
 * @param source {@code osv/<ECOSYSTEM>} or {@code nvd}
 * @param kind   what happened
 * @param state  the state to write (for a failure: the old data's, with the attempt and its error)
 */
public record SourceResult(String source, Kind kind, SourceState state) {
    /** Updated: new data in place; unchanged: the server said ours is current; failed: old data kept. */
    public enum Kind { UPDATED, UNCHANGED, FAILED }

    static SourceResult failed(String source, SourceState state) {
        return new SourceResult(source, Kind.FAILED, state);
    }

    public boolean ok() {
        return kind != Kind.FAILED;
    }

    /** One line for the console: {@code osv/Maven: updated, 1234 records (newest 2026-12-05T…)} or the error. */
    public String line() {
        return source + ": " + switch (kind) {
            case UPDATED -> "updated, " + counts();
            case UNCHANGED -> "unchanged (not modified on the server), " + counts();
            case FAILED -> "FAILED: " + state.error();
        };
    }

    private String counts() {
        return (state.records() == null ? "?" : state.records()) + " records"
                + (state.bytes() == null ? "" : ", " + state.bytes() + " bytes")
                + (state.newest() == null ? "" : ", newest " + state.newest());
    }
}
