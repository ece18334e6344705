-- migguard:tx none
-- Concurrent builds, and indexes on tables created in the same migration, are fine.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);

CREATE TABLE audit_log (id bigint PRIMARY KEY, at timestamptz NOT NULL);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE TEMP TABLE scratch (id int);
CREATE INDEX ON scratch (id);
