-- Concurrent index operations and DETACH … CONCURRENTLY in a file the tool wraps in a transaction fail.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- want "concurrently-in-transaction: CREATE INDEX CONCURRENTLY \"users_email_idx\" on \"users\" fails: it cannot run inside a transaction block.*the migration tool runs this file in one transaction"
DROP INDEX CONCURRENTLY IF EXISTS users_old_idx; -- want "concurrently-in-transaction: DROP INDEX CONCURRENTLY \"users_old_idx\""
REINDEX INDEX CONCURRENTLY users_name_idx; -- want "concurrently-in-transaction: REINDEX CONCURRENTLY INDEX \"users_name_idx\""
REINDEX (CONCURRENTLY) TABLE app.accounts; -- want "concurrently-in-transaction: REINDEX CONCURRENTLY TABLE \"app.accounts\""
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY; -- want "concurrently-in-transaction: DETACH PARTITION \"events_2020\" CONCURRENTLY from \"events\""
