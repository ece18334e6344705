-- Verify flipr:users_twitter on pg

BEGIN;

SELECT 1;

ROLLBACK;
