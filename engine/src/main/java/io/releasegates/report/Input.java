package io.releasegates.report;

/**
 * A file a gate read, identified by content so that the promotion gate can tell evidence about another package.
 *
 * @param role   what the input was for: {@code package}, {@code config}, {@code baseline}, {@code advisories}, …
 * @param path   as given by the user
 * @param sha256 hex SHA-256 of a file's content; empty for directories
 */
public record Input(String role, String path, String sha256) {
    public Input {
        sha256 = sha256 == null ? "" : sha256;
    }
}
