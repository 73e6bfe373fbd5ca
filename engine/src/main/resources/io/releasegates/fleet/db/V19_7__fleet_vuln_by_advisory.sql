-- The advisory page (issue #19, performance) reads the versions one advisory affects; without this index it read
-- every scan fact of the fleet per request. The primary key (purl_key, version, advisory) already serves the
-- component page, which reads one component's facts.
CREATE INDEX fleet_vuln_by_advisory ON fleet_vuln (advisory);
