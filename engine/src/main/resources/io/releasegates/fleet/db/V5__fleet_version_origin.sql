-- The Debian origin of installed versions: the release (the purl's distro qualifier, which purl_key drops) and the
-- source package (dpkg's Source field), which OSV's Debian advisories are written against. Facts about a version, as
-- its hosts reported them; one row per version and release, so a version string reported from two releases is
-- judged on both. A version without a row has no known origin and is never matched as clean.
CREATE TABLE fleet_version_origin (
    version_id INTEGER NOT NULL REFERENCES fleet_version (id),
    distro VARCHAR(100) NOT NULL,
    source_name VARCHAR(255) NOT NULL,
    source_version VARCHAR(255) NOT NULL,
    CONSTRAINT fleet_version_origin_key PRIMARY KEY (version_id, distro)
);
