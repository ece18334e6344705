-- A short statement_timeout cancels operations that are built to run long without blocking.
-- migguard:tx none
SET lock_timeout = '2s';
SET statement_timeout = '5s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email); -- want "require-statement-timeout: with statement_timeout at 5s, CREATE INDEX CONCURRENTLY on \"users\" builds index \"users_email_idx\": when it runs longer it is cancelled and leaves an INVALID index"
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check; -- want "require-statement-timeout: with statement_timeout at 5s, ALTER TABLE \"orders\" validates constraint \"orders_total_check\", which scans the table: .* leaves the constraint NOT VALID"
REINDEX TABLE CONCURRENTLY orders; -- want "require-statement-timeout: with statement_timeout at 5s, REINDEX CONCURRENTLY \"orders\" rebuilds its indexes"
SELECT set_config('statement_timeout', '1min', false);
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY; -- want "require-statement-timeout: with statement_timeout at 1min, ALTER TABLE \"events\" waits for every transaction that uses the partition: .*leaves the detach pending"
