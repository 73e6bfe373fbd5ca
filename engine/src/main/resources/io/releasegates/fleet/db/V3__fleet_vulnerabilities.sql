-- Known vulnerabilities from imported scans. They are facts about a component version, not about a host, so they are
-- keyed by the purl without version (as fleet_component.purl_key) and the version string, and kept apart from the
-- version dictionary: a scanned version no host runs must not become a "known version" that makes hosts look behind.
-- One row per version a scan examined: its absence means "no scan data", status 'unmatched' that the scan could tie
-- no vulnerability data to it, 'matched' with no fleet_vuln rows that none is known.
CREATE TABLE fleet_vuln_scan (
    purl_key VARCHAR(2000) NOT NULL,
    version VARCHAR(255) NOT NULL,
    status VARCHAR(16) NOT NULL,
    scanned_at TIMESTAMP WITH TIME ZONE NOT NULL,
    source VARCHAR(255) NOT NULL,
    CONSTRAINT fleet_vuln_scan_key PRIMARY KEY (purl_key, version)
);

CREATE TABLE fleet_vuln (
    purl_key VARCHAR(2000) NOT NULL,
    version VARCHAR(255) NOT NULL,
    advisory VARCHAR(255) NOT NULL,
    aliases VARCHAR(4000) NOT NULL,
    severity VARCHAR(16) NOT NULL,
    cvss_score DOUBLE PRECISION,
    fixed_in VARCHAR(4000) NOT NULL,
    source VARCHAR(4000) NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fleet_vuln_key PRIMARY KEY (purl_key, version, advisory)
);
