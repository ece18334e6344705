-- What the bad fixture of set-tablespace takes to exist (its
-- tablespaces need a superuser: the statements that name them fail).
CREATE TABLE events (id bigint, created timestamptz);
CREATE INDEX events_created_idx ON events (created);
CREATE MATERIALIZED VIEW daily_totals AS SELECT 1 AS n;
