-- Verify flipr:flips_count on pg

BEGIN;

SELECT 1;

ROLLBACK;
