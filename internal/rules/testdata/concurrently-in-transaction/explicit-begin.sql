-- A BEGIN block makes a file that runs statement by statement transactional again.
-- migguard:tx none
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
BEGIN;
CREATE INDEX CONCURRENTLY users_name_idx ON users (name); -- want "concurrently-in-transaction: .*opened by BEGIN on line 4"
COMMIT;
DROP INDEX CONCURRENTLY users_old_idx;
