-- Revert flipr:insert_user from pg

BEGIN;

-- the reverse of deploy/insert_user.sql
SELECT 1;

COMMIT;
