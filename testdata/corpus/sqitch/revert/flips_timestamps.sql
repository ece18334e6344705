-- Revert flipr:flips_timestamps from pg

BEGIN;

-- the reverse of deploy/flips_timestamps.sql
SELECT 1;

COMMIT;
