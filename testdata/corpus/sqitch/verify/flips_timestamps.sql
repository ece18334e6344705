-- Verify flipr:flips_timestamps on pg

BEGIN;

SELECT 1;

ROLLBACK;
