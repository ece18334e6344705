-- migguard:tx none
-- PostgreSQL never runs a concurrent build from a DO block, whatever the file's transaction.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
DO $$
BEGIN
  EXECUTE 'CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email)'; -- want "concurrently-in-transaction: CREATE INDEX CONCURRENTLY \"users_email_idx\" on \"users\" fails: it cannot be executed from a function, and it runs in the DO block on line 4"
END
$$;
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email2_idx ON users (email);
