-- Revert flipr:appschema from pg

BEGIN;

-- the reverse of deploy/appschema.sql
SELECT 1;

COMMIT;
