-- SET LOCAL ends with its transaction: the rewrite after COMMIT has no statement_timeout.
-- migguard:tx none
SET lock_timeout = '2s';
BEGIN;
SET LOCAL statement_timeout = '30s';
ALTER TABLE users ALTER COLUMN email TYPE citext;
COMMIT;
VACUUM FULL users; -- want "require-statement-timeout: VACUUM FULL \"users\" rewrites the table with no statement_timeout: every query on \"users\" waits"
