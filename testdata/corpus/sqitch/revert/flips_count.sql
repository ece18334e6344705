-- Revert flipr:flips_count from pg

BEGIN;

-- the reverse of deploy/flips_count.sql
SELECT 1;

COMMIT;
