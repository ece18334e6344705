-- +migrate Up
ALTER TABLE users ADD COLUMN last_seen timestamptz;

-- +migrate Down
-- Not replayed: visits stays an integer, last_seen stays.
ALTER TABLE users DROP COLUMN last_seen;
ALTER TABLE users ALTER COLUMN visits TYPE text;
