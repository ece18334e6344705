-- golang-migrate sends a file of several statements as one string: one implicit transaction.
-- migguard:tx implicit
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- want "concurrently-in-transaction: .*one multi-statement string"
