-- Under a UTC session time zone, timestamp → timestamptz keeps the rows but rebuilds the indexes on the column.
CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp);
CREATE INDEX events_created_idx ON events (created_at);
-- fixture:next-file
SET lock_timeout = '2s';
SET TIME ZONE 'UTC';
ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz; -- want "require-statement-timeout: ALTER TABLE \"events\" changes the type of column \"created_at\" between timestamp and timestamptz, which rebuilds its indexes with no statement_timeout"
