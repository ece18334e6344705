-- A materialized view dropped and created again in the same transaction keeps its name for other sessions.
CREATE TABLE events (id bigint PRIMARY KEY, kind text, at timestamptz NOT NULL);
CREATE MATERIALIZED VIEW event_counts AS SELECT kind, count(*) AS n FROM events GROUP BY kind;
CREATE MATERIALIZED VIEW daily_events AS SELECT date_trunc('day', at) AS day, count(*) AS n FROM events GROUP BY 1;
-- fixture:next-file
DROP MATERIALIZED VIEW event_counts;
CREATE MATERIALIZED VIEW event_counts AS SELECT kind, count(*) AS n, max(at) AS last_at FROM events GROUP BY kind;
-- A copy made in this file is not empty, but nothing uses it yet.
CREATE TABLE events_backup AS SELECT * FROM events;
DROP TABLE events_backup;
-- fixture:next-file
-- Created again only after a COMMIT: between the two, queries of it fail.
-- migguard:tx none
DROP MATERIALIZED VIEW daily_events; -- want "drop-table: dropping materialized view \"daily_events\" breaks running application code that still queries it"
CREATE MATERIALIZED VIEW daily_events AS SELECT date_trunc('day', at) AS day, count(*) AS n FROM events GROUP BY 1;
