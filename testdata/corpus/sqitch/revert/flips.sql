-- Revert flipr:flips from pg

BEGIN;

-- the reverse of deploy/flips.sql
SELECT 1;

COMMIT;
