-- PostgreSQL 10 cannot index a partitioned table at all.
CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
-- fixture:next-file
CREATE INDEX events_at_idx ON events (at); -- want "index-on-partitioned-table: creating index \"events_at_idx\" on partitioned table \"events\" fails: PostgreSQL 10.0 cannot index a partitioned table"
