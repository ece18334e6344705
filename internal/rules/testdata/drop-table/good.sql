-- Relations created earlier in the same migration are not used by running code yet.
CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL);
CREATE VIEW recent_events AS SELECT * FROM events;
-- fixture:next-file
CREATE TABLE import_batch (line text);
DROP TABLE import_batch;

CREATE TEMP TABLE scratch (id int);
DROP TABLE scratch;

-- A table created here keeps being new under another name.
CREATE TABLE staging_a (id int);
ALTER TABLE staging_a RENAME TO staging_b;
DROP TABLE staging_b;

CREATE MATERIALIZED VIEW tmp_counts AS SELECT count(*) AS n FROM events;
DROP MATERIALIZED VIEW tmp_counts;

-- A view redefined in the same transaction never disappears for other sessions.
DROP VIEW recent_events;
CREATE VIEW recent_events AS SELECT id, at FROM events WHERE at > now() - interval '1 day';

-- Other objects are not tables.
DROP INDEX CONCURRENTLY IF EXISTS events_at_idx;
DROP SEQUENCE IF EXISTS old_seq;
