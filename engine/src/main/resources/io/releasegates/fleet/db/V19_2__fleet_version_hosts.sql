-- Which hosts run each version now (issue #19, performance): the current snapshots turned inside out, one row per
-- version with its host ids sorted and gap-encoded like fleet_current.versions. Rebuilt by the console's refresh and
-- used only while fleet_version_hosts_state.snapshots matches the store (host count and last report); otherwise
-- readers decode the snapshots as before. Derived data only: dropping these rows loses nothing.
CREATE TABLE fleet_version_hosts (
    version_id INTEGER NOT NULL PRIMARY KEY,
    hosts INTEGER NOT NULL,
    host_ids BYTEA NOT NULL
);

CREATE TABLE fleet_version_hosts_state (
    id INTEGER NOT NULL PRIMARY KEY,
    snapshots VARCHAR(100) NOT NULL
);
