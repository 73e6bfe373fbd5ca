package io.releasegates.scan;

import io.releasegates.report.Rule;
import io.releasegates.report.Severity;

/**
 * The scan's own rule ids (documented in docs/rules.md); advisory findings use the advisory id instead.
 * Ids never change meaning.
 */
public enum ScanRule implements Rule {
    SECRET_PRIVATE_KEY("RG-SCAN-SECRET-PRIVATE-KEY", "Private key in the package", Severity.CRITICAL),
    SECRET_AWS_KEY("RG-SCAN-SECRET-AWS-KEY", "AWS access key in the package", Severity.CRITICAL),
    SECRET_TOKEN("RG-SCAN-SECRET-TOKEN", "API token in the package", Severity.HIGH),
    SECRET_PASSWORD("RG-SCAN-SECRET-PASSWORD", "Password or secret in a configuration file", Severity.HIGH),
    SECRET_CREDENTIAL_FILE("RG-SCAN-SECRET-CREDENTIAL-FILE", "Credentials file (.npmrc, .pypirc, .git-credentials, .netrc)", Severity.HIGH),
    SECRET_DEFAULT_CREDENTIALS("RG-SCAN-SECRET-DEFAULT-CREDENTIALS", "Default credentials shipped in a configuration file (admin/admin, a vendor's default password)", Severity.HIGH),
    SECRET_KEYSTORE("RG-SCAN-SECRET-KEYSTORE", "Keystore in the package", Severity.MEDIUM),
    RISKY_VCS("RG-SCAN-RISKY-VCS", "Version-control folder (.git, .svn, .hg)", Severity.HIGH),
    RISKY_ENV("RG-SCAN-RISKY-ENV", "Environment file (.env)", Severity.HIGH),
    RISKY_HEAP_DUMP("RG-SCAN-RISKY-HEAP-DUMP", "Heap dump (HPROF header), whatever its name", Severity.HIGH),
    RISKY_CORE_DUMP("RG-SCAN-RISKY-CORE-DUMP", "Core dump (ELF core header), whatever its name", Severity.HIGH),
    RISKY_BACKUP("RG-SCAN-RISKY-BACKUP", "Editor or backup leftover (*.bak, *.orig, *.swp, *~)", Severity.MEDIUM),
    RISKY_DEV_PROFILE("RG-SCAN-RISKY-DEV-PROFILE", "Development or test profile (application-dev*.yml, …)", Severity.MEDIUM),
    RISKY_DENIED("RG-SCAN-RISKY-DENIED", "File matching a deny glob", Severity.HIGH),
    INCOMPLETE("RG-SCAN-INCOMPLETE", "Archive not examined (depth, size or ratio limit, corrupt or unreadable): the scan is incomplete", Severity.HIGH),
    PARTLY_SCANNED("RG-SCAN-PARTLY-SCANNED", "Text file searched for secrets only up to the scan window", Severity.MEDIUM),
    UNMATCHED("RG-SCAN-UNMATCHED", "Component no vulnerability data could be tied to", Severity.INFO),
    CPE_CONFLICT("RG-SCAN-CPE-CONFLICT", "Dependency-Check's evidence names another NVD product than the exact mapping", Severity.INFO),
    DATA_STALE("RG-SCAN-DATA-STALE", "Vulnerability data older than max-data-age", Severity.HIGH),
    WAIVER_EXPIRED("RG-SCAN-WAIVER-EXPIRED", "Expired waiver (no longer suppresses)", Severity.MEDIUM);

    private final Spec spec;

    ScanRule(String id, String title, Severity severity) {
        this.spec = new Spec(id, title, severity);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
