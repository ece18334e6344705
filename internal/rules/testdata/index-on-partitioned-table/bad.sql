-- An index on a partitioned table is built on every partition at once, under SHARE on each.
CREATE TABLE events (id bigint, at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE old_logs (id bigint, at timestamptz NOT NULL);
-- fixture:next-file
CREATE INDEX events_kind_idx ON events (kind); -- want "index-on-partitioned-table: creating index \"events_kind_idx\" on partitioned table \"events\" builds it on every partition \(known: \"events_2025\", \"events_2026\"\) in one statement, holding SHARE on each: writes to \"events\" wait"

CREATE INDEX CONCURRENTLY events_at_idx ON events (at); -- want "index-on-partitioned-table: CREATE INDEX CONCURRENTLY \"events_at_idx\" on partitioned table \"events\" fails: PostgreSQL cannot build an index on a partitioned table concurrently"
-- fixture:next-file
-- A partitioned table created in this file, with an existing table attached as a partition.
CREATE TABLE logs (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
ALTER TABLE logs ATTACH PARTITION old_logs FOR VALUES FROM (MINVALUE) TO ('2026-01-01');
CREATE INDEX ON logs (at); -- want "index-on-partitioned-table: creating index \(unnamed\) on partitioned table \"logs\""
