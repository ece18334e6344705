-- timestamp ↔ timestamptz keeps the rows on PostgreSQL 12 and later while the session time zone is UTC.
CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp, updated_at timestamp, seen_at timestamp(3), due_at timestamp, done_at timestamptz);
CREATE INDEX events_updated_idx ON events (updated_at);
-- fixture:next-file
SET TIME ZONE 'UTC';
ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz;
ALTER TABLE events ALTER COLUMN seen_at TYPE timestamp with time zone;
ALTER TABLE events ALTER COLUMN done_at TYPE timestamp USING done_at;
ALTER TABLE events ALTER COLUMN updated_at TYPE timestamptz; -- want "change-column-type: changing column \"updated_at\" of \"events\" from timestamp to timestamptz keeps its values while the session time zone is UTC, but rebuilds every index on the column under ACCESS EXCLUSIVE"
ALTER TABLE events ALTER COLUMN due_at TYPE timestamptz(3); -- want "change-column-type: changing column \"due_at\" of \"events\" from timestamp to timestamptz\(3\) rewrites the whole table"
-- fixture:next-file
-- Another zone, and a UTC that a ROLLBACK or RESET undoes.
-- migguard:tx none
SET TIME ZONE 'Europe/Paris';
ALTER TABLE events ALTER COLUMN created_at TYPE timestamp; -- want "change-column-type: changing column \"created_at\" of \"events\" from timestamptz to timestamp rewrites the whole table"
BEGIN;
SET TIME ZONE 'Etc/UTC';
ROLLBACK;
ALTER TABLE events ALTER COLUMN seen_at TYPE timestamp; -- want "change-column-type: .*\"seen_at\" .* rewrites the whole table"
SELECT set_config('timezone', 'UTC', false);
ALTER TABLE events ALTER COLUMN seen_at TYPE timestamp;
RESET timezone;
ALTER TABLE events ALTER COLUMN seen_at TYPE timestamptz; -- want "change-column-type: .*\"seen_at\" .* rewrites the whole table"
BEGIN;
SET LOCAL TIME ZONE 0;
ALTER TABLE events ALTER COLUMN seen_at TYPE timestamp;
COMMIT;
ALTER TABLE events ALTER COLUMN seen_at TYPE timestamptz; -- want "change-column-type: .*\"seen_at\" .* rewrites the whole table"
