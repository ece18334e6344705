-- Concurrent drops, and indexes that are new, temporary or that DROP INDEX CONCURRENTLY cannot handle, are fine.
CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE);
CREATE TABLE events (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE INDEX events_at_idx ON events (at);
-- fixture:next-file
-- migguard:tx none
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;

-- The index behind a constraint: drop the constraint instead (DROP INDEX fails anyway).
DROP INDEX users_pkey;

-- An index of a partitioned table cannot be dropped concurrently.
DROP INDEX events_at_idx;

-- Indexes created in the same migration, or on tables created there.
CREATE INDEX users_tmp_idx ON users (email);
DROP INDEX users_tmp_idx;
CREATE TABLE audit (id bigint, at timestamptz);
CREATE INDEX audit_at_idx ON audit (at);
BEGIN;
DROP INDEX audit_at_idx;
COMMIT;
CREATE TEMP TABLE scratch (id int);
CREATE INDEX scratch_id_idx ON scratch (id);
DROP INDEX scratch_id_idx;
