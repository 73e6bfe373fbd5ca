package io.releasegates.cli;

/** Exit codes of every command, documented in docs/cli.md. */
final class ExitCodes {
    static final int OK = 0;
    static final int FINDINGS = 1;
    static final int BAD_INPUT = 2;
    static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
