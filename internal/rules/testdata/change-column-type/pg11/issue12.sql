-- Before PostgreSQL 12 timestamp → timestamptz rewrites the table whatever the time zone.
CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp);
-- fixture:next-file
SET TIME ZONE 'UTC';
ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz; -- want "change-column-type: changing column \"created_at\" of \"events\" from timestamp to timestamptz rewrites the whole table"
