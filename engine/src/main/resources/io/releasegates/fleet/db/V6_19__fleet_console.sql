-- The operations console's read model (issue #19): what each host and component needs, worked out by the console's
-- refresh from the same views the dashboard shows, so that lists can be paged, sorted and filtered in SQL (LIMIT /
-- OFFSET) instead of in memory. Derived data only: dropping these rows loses nothing, the next refresh rebuilds them.
-- environment '' holds the figures over all environments (a host report always has a non-blank environment).
-- severity_rank: 0 none known, 1 info .. 5 critical (Severity ordinal + 1).
CREATE TABLE fleet_host_status (
    host_id INTEGER NOT NULL PRIMARY KEY,
    up_to_date INTEGER NOT NULL,
    patch_level DOUBLE PRECISION NOT NULL,
    out_of_policy INTEGER NOT NULL,
    vulnerable INTEGER,
    severity_rank INTEGER NOT NULL,
    scan_status VARCHAR(16) NOT NULL
);

CREATE TABLE fleet_component_status (
    environment VARCHAR(100) NOT NULL,
    component_id INTEGER NOT NULL,
    machines BIGINT NOT NULL,
    newest VARCHAR(255) NOT NULL,
    lag_versions INTEGER NOT NULL,
    lag_days BIGINT NOT NULL,
    tier VARCHAR(32) NOT NULL,
    compliance VARCHAR(32) NOT NULL,
    out_of_policy BIGINT NOT NULL,
    overdue_days BIGINT,
    vulnerable_machines BIGINT,
    severity_rank INTEGER NOT NULL,
    PRIMARY KEY (environment, component_id)
);

CREATE TABLE fleet_advisory_status (
    environment VARCHAR(100) NOT NULL,
    advisory VARCHAR(255) NOT NULL,
    aliases VARCHAR(4000) NOT NULL,
    severity_rank INTEGER NOT NULL,
    cvss_score DOUBLE PRECISION,
    components INTEGER NOT NULL,
    versions INTEGER NOT NULL,
    machines BIGINT NOT NULL,
    fixed_in VARCHAR(4000) NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (environment, advisory)
);

-- One row per day and environment: the trend. Patch level is back-filled from the reports; vulnerable hosts are only
-- known from the day the console first refreshed (NULL before).
CREATE TABLE fleet_console_day (
    on_day DATE NOT NULL,
    environment VARCHAR(100) NOT NULL,
    hosts INTEGER NOT NULL,
    patch_level DOUBLE PRECISION NOT NULL,
    vulnerable_hosts INTEGER,
    PRIMARY KEY (on_day, environment)
);

CREATE TABLE fleet_console_state (
    id INTEGER NOT NULL PRIMARY KEY,
    refreshed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    fingerprint VARCHAR(400) NOT NULL
);
