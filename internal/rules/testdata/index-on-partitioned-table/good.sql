-- The recipe: an invalid stub ON ONLY the parent, concurrent builds per partition, then ATTACH.
CREATE TABLE events (id bigint, at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- fixture:next-file
CREATE INDEX IF NOT EXISTS events_kind_idx ON ONLY events (kind);
-- fixture:next-file
-- migguard:tx none
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_2025_kind_idx ON events_2025 (kind);
-- fixture:next-file
ALTER INDEX events_kind_idx ATTACH PARTITION events_2025_kind_idx;
-- fixture:next-file
-- A partitioned table created in the same migration, with new partitions only.
CREATE TABLE logs (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE logs_2026 PARTITION OF logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX logs_at_idx ON logs (at);
-- Plain tables are create-index-non-concurrently's business.
CREATE INDEX users_email_idx ON users (email);
