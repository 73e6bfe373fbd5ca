-- The console's events list at scale (issue #19, performance): 452,782 events in bench/fleet took 1.1-3.0 s per page
-- because every filter, the severity sort and the search read every row. These columns and indexes let each filter
-- and the indexed sorts (id, time, severity) read only the rows they show; the list counts at most a bounded number
-- of rows (docs/fleet.md, Console). Versioned 19.5 after the issue so that parallel branches' migrations do not collide.
-- The search keys' indexes take the placeholder prefix_ops: PostgreSQL's varchar_pattern_ops (a LIKE 'prefix%' can use the index whatever the database's
-- collation) and empty on H2, whose indexes serve a LIKE prefix as they are.

-- The severity's rank as ConsoleTables ranks it (0 unknown, 1 info .. 5 critical): "at least high" and "worst first"
-- become an index range instead of a CASE over every row.
ALTER TABLE fleet_event ADD COLUMN severity_rank SMALLINT;
-- The search keys: the subject's name and the advisory id in lower case; a search matches the start of either.
ALTER TABLE fleet_event ADD COLUMN subject_key VARCHAR(800);
ALTER TABLE fleet_event ADD COLUMN advisory_key VARCHAR(255);
UPDATE fleet_event SET severity_rank = CASE severity WHEN 'critical' THEN 5 WHEN 'high' THEN 4 WHEN 'medium' THEN 3
        WHEN 'low' THEN 2 WHEN 'info' THEN 1 ELSE 0 END,
    subject_key = LOWER(subject_name), advisory_key = LOWER(advisory);
ALTER TABLE fleet_event ALTER COLUMN severity_rank SET NOT NULL;
ALTER TABLE fleet_event ALTER COLUMN subject_key SET NOT NULL;
ALTER TABLE fleet_event ALTER COLUMN advisory_key SET NOT NULL;

-- each filter's index ends with the id, so a filtered page in the default order (newest first) is an index range
CREATE INDEX fleet_event_by_severity ON fleet_event (severity_rank, id);
CREATE INDEX fleet_event_by_kind ON fleet_event (kind, id);
CREATE INDEX fleet_event_by_subject_kind ON fleet_event (subject_kind, id);
-- a pass writes all its events at one instant: sorting by time needs the id within it
DROP INDEX fleet_event_by_time;
CREATE INDEX fleet_event_by_time ON fleet_event (at, id);
CREATE INDEX fleet_event_by_subject_key ON fleet_event (subject_key ${prefix_ops});
CREATE INDEX fleet_event_by_advisory_key ON fleet_event (advisory_key ${prefix_ops});
