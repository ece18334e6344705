-- REINDEX without CONCURRENTLY blocks writes and, through the planner's index locks, nearly every read.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE INDEX users_email_idx ON users (email);
-- fixture:next-file
REINDEX INDEX users_email_idx; -- want "reindex-non-concurrently: REINDEX INDEX \"users_email_idx\" without CONCURRENTLY blocks writes to \"users\" and, since planning locks every index, nearly every query on it"
REINDEX TABLE users; -- want "reindex-non-concurrently: REINDEX TABLE \"users\" without CONCURRENTLY rebuilds each of its indexes"
REINDEX (VERBOSE) TABLE app.accounts; -- want "reindex-non-concurrently: REINDEX TABLE \"app.accounts\""
-- fixture:next-file
-- migguard:tx none
REINDEX SCHEMA app; -- want "reindex-non-concurrently: REINDEX SCHEMA \"app\" without CONCURRENTLY rebuilds every index there"
BEGIN;
REINDEX DATABASE shop; -- want "reindex-non-concurrently: REINDEX DATABASE \"shop\" .*cannot run inside a transaction block"
COMMIT;
