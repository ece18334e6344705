-- migguard:tx none
-- Run statement by statement (goose NO TRANSACTION), concurrent operations work.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
DROP INDEX CONCURRENTLY IF EXISTS users_old_idx;
REINDEX INDEX CONCURRENTLY users_name_idx;
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
ALTER TABLE events DETACH PARTITION events_2019 FINALIZE;

-- Plain forms inside a transaction are other rules' business.
BEGIN;
CREATE INDEX users_city_idx ON users (city);
REINDEX INDEX users_city_idx;
COMMIT;
