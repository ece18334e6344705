-- Deploy flipr:flips_timestamps to pg
-- requires: flips

BEGIN;

SET LOCAL TIME ZONE 'UTC';
SET LOCAL lock_timeout = '3s';
ALTER TABLE flipr.flips ALTER COLUMN timestamp TYPE TIMESTAMPTZ;
CREATE INDEX flips_timestamp_idx ON flipr.flips (timestamp);

COMMIT;
