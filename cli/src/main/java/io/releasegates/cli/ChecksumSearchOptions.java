package io.releasegates.cli;

import io.releasegates.inventory.RepositorySearch;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The repository manager checksum search {@code inventory} and {@code scan} share (picocli mixin). */
final class ChecksumSearchOptions {
    @Option(names = "--checksum-search", paramLabel = "URL|central",
            description = "Identify jars without Maven metadata (and not in --maven-repo) by their SHA-1 through a "
                    + "repository manager's checksum search: 'central' (search.maven.org) or the base URL of a "
                    + "Nexus 3 or Artifactory. Answers are cached in ~/.cache/release-gates/checksum-search.")
    String url;

    @Option(names = "--checksum-search-type", paramLabel = "TYPE",
            description = "central, nexus or artifactory (needed with a URL other than search.maven.org).")
    String type;

    @Option(names = "--checksum-search-credentials-env", paramLabel = "VAR",
            description = "Name of the environment variable holding 'user:password' (HTTP Basic) or a token (Bearer).")
    String credentialsEnv;

    @Option(names = "--checksum-search-credentials-file", paramLabel = "FILE",
            description = "File holding 'user:password' or a token (first line).")
    Path credentialsFile;

    /** The configured search, or null without --checksum-search. */
    RepositorySearch search() {
        return RepositorySearch.configure(url, type, credentialsEnv, credentialsFile, System.getenv(), "--checksum-search");
    }
}
