package io.releasegates.probe;

import io.releasegates.report.Rule;
import io.releasegates.report.Severity;

/**
 * The probe's rule ids (documented in docs/rules.md and docs/probe.md). Severities follow OWASP ZAP's baseline where
 * it has the same rule (e.g. a missing Content-Security-Policy is medium, a missing X-Content-Type-Options low).
 * Ids never change meaning.
 */
public enum ProbeRule implements Rule {
    EXPOSED_VCS("RG-PROBE-EXPOSED-VCS", "Version-control metadata served (.git, .svn, .hg)", Severity.HIGH),
    EXPOSED_CONFIG("RG-PROBE-EXPOSED-CONFIG", "Environment or configuration file served (.env, application.yml, WEB-INF/web.xml)", Severity.HIGH),
    EXPOSED_ACTUATOR("RG-PROBE-EXPOSED-ACTUATOR", "Spring Boot actuator or Jolokia endpoint open", Severity.HIGH),
    EXPOSED_HEAP_DUMP("RG-PROBE-EXPOSED-HEAP-DUMP", "Heap dump served (HPROF)", Severity.CRITICAL),
    EXPOSED_BACKUP("RG-PROBE-EXPOSED-BACKUP", "Backup or database dump served (*.sql, *.zip, *.bak)", Severity.HIGH),
    EXPOSED_DS_STORE("RG-PROBE-EXPOSED-DS-STORE", "macOS .DS_Store file served (lists the folder's files)", Severity.MEDIUM),
    EXPOSED_STATUS_PAGE("RG-PROBE-EXPOSED-STATUS-PAGE", "Server status page open (Apache server-status / server-info)", Severity.MEDIUM),
    DIRECTORY_LISTING("RG-PROBE-DIRECTORY-LISTING", "Directory listing", Severity.MEDIUM),
    SOFT_NOT_FOUND("RG-PROBE-SOFT-404", "Unknown paths answer 200 (soft 404): exposed paths were judged by content only", Severity.INFO),
    HSTS_MISSING("RG-PROBE-HSTS-MISSING", "Strict-Transport-Security missing on HTTPS", Severity.LOW),
    CSP_MISSING("RG-PROBE-CSP-MISSING", "Content-Security-Policy missing", Severity.MEDIUM),
    CONTENT_TYPE_OPTIONS_MISSING("RG-PROBE-CONTENT-TYPE-OPTIONS-MISSING", "X-Content-Type-Options: nosniff missing", Severity.LOW),
    FRAMING_UNRESTRICTED("RG-PROBE-FRAMING-UNRESTRICTED", "Framing not restricted (no X-Frame-Options, no CSP frame-ancestors)", Severity.MEDIUM),
    REFERRER_POLICY_MISSING("RG-PROBE-REFERRER-POLICY-MISSING", "Referrer-Policy missing", Severity.LOW),
    CORS_ANY_ORIGIN_CREDENTIALS("RG-PROBE-CORS-ANY-ORIGIN-CREDENTIALS", "CORS allows any origin with credentials", Severity.HIGH),
    CORS_REFLECTED_ORIGIN("RG-PROBE-CORS-REFLECTED-ORIGIN", "CORS reflects the request's Origin", Severity.MEDIUM),
    COOKIE_NOT_SECURE("RG-PROBE-COOKIE-NOT-SECURE", "Cookie without Secure over HTTPS", Severity.LOW),
    COOKIE_NOT_HTTPONLY("RG-PROBE-COOKIE-NOT-HTTPONLY", "Cookie without HttpOnly", Severity.LOW),
    COOKIE_NO_SAMESITE("RG-PROBE-COOKIE-NO-SAMESITE", "Cookie without SameSite", Severity.LOW),
    BANNER_VERSION("RG-PROBE-BANNER-VERSION", "Server or X-Powered-By banner discloses a version", Severity.LOW),
    BANNER_VULNERABLE("RG-PROBE-BANNER-VULNERABLE", "Banner version has a known vulnerability (NVD CPE range)", Severity.HIGH),
    ERROR_DETAILS("RG-PROBE-ERROR-DETAILS", "Stack trace or framework error page", Severity.MEDIUM),
    TLS_OLD_PROTOCOL("RG-PROBE-TLS-OLD-PROTOCOL", "TLS 1.0 or 1.1 offered (deprecated by RFC 8996)", Severity.HIGH),
    CERT_EXPIRED("RG-PROBE-CERT-EXPIRED", "Certificate expired or not yet valid", Severity.CRITICAL),
    CERT_EXPIRING("RG-PROBE-CERT-EXPIRING", "Certificate expires within the warning period", Severity.MEDIUM),
    CERT_HOSTNAME_MISMATCH("RG-PROBE-CERT-HOSTNAME-MISMATCH", "Certificate does not name the host", Severity.HIGH),
    CERT_SELF_SIGNED("RG-PROBE-CERT-SELF-SIGNED", "Self-signed certificate", Severity.HIGH),
    CERT_UNTRUSTED("RG-PROBE-CERT-UNTRUSTED", "Certificate from an unknown issuer (not trusted by the JDK's trust store)", Severity.HIGH),
    CERT_WEAK_KEY("RG-PROBE-CERT-WEAK-KEY", "Certificate key too weak (RSA/DSA below 2048 bits, EC below 256)", Severity.MEDIUM),
    CRAWL_LIMIT("RG-PROBE-CRAWL-LIMIT", "Crawl stopped at its page or time limit: pages beyond it were not examined", Severity.INFO),
    EXCEPTION_EXPIRED("RG-PROBE-EXCEPTION-EXPIRED", "Expired probe.yml exception (no longer applies)", Severity.MEDIUM);

    private final Spec spec;

    ProbeRule(String id, String title, Severity severity) {
        this.spec = new Spec(id, title, severity);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
