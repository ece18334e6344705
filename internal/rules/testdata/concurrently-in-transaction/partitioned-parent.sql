-- CONCURRENTLY on a partitioned parent fails anywhere: index-on-partitioned-table reports it, not this rule.
CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
-- fixture:next-file
CREATE INDEX CONCURRENTLY events_at_idx ON events (at);
