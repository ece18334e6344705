-- A golang-migrate file with a single statement runs outside any transaction.
-- migguard:tx implicit
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
