-- Revert flipr:users_twitter from pg

BEGIN;

-- the reverse of deploy/users_twitter.sql
SELECT 1;

COMMIT;
