-- SET LOCAL ends with its transaction: the ALTER after COMMIT has no lock_timeout.
-- migguard:tx none
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
ALTER TABLE users ADD COLUMN locale text; -- want "require-lock-timeout: ALTER TABLE \"users\" waits for ACCESS EXCLUSIVE"
