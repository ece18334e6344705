-- Re-runnable statements outside a transaction.
-- migguard:tx none
SET lock_timeout = '2s';
CREATE TABLE IF NOT EXISTS events (id bigint PRIMARY KEY, at timestamptz);
CREATE INDEX IF NOT EXISTS events_at_idx ON events (at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;
ALTER TABLE users DROP COLUMN IF EXISTS legacy_flag;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_nickname_len;
ALTER TABLE users ADD CONSTRAINT users_nickname_len CHECK (length(nickname) < 64) NOT VALID;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_len, ADD CONSTRAINT users_email_len CHECK (length(email) < 256) NOT VALID;
ALTER TABLE users ALTER COLUMN nickname SET DEFAULT '';
ALTER TABLE users VALIDATE CONSTRAINT users_nickname_len;
DROP TABLE IF EXISTS old_sessions;
DROP INDEX CONCURRENTLY IF EXISTS users_old_idx;
DROP INDEX IF EXISTS events_kind_idx;
CREATE INDEX events_kind_idx ON events (id);
DROP VIEW IF EXISTS active_users;
CREATE VIEW active_users AS SELECT * FROM users WHERE active;
CREATE OR REPLACE VIEW recent_events AS SELECT * FROM events;
CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS 'select 1';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ecstatic';
CREATE SEQUENCE IF NOT EXISTS invoice_no;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA IF NOT EXISTS archive;
CREATE TEMP TABLE scratch (id int);
CREATE INDEX scratch_id_idx ON scratch (id);
-- fixture:next-file
-- Inside a transaction a failure undoes everything, so a re-run starts clean.
CREATE TABLE invoices (id bigint PRIMARY KEY);
CREATE INDEX invoices_id_idx ON invoices (id);
ALTER TABLE users ADD COLUMN plan text;
DROP TABLE old_invoices;
-- fixture:next-file
-- migguard:tx none
BEGIN;
CREATE TABLE payments (id bigint PRIMARY KEY);
ALTER TABLE payments ADD CONSTRAINT payments_id_check CHECK (id > 0);
COMMIT;
-- fixture:next-file
-- migguard:tx implicit
CREATE TABLE refunds (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN refunded boolean;
-- fixture:next-file
-- A single statement cannot stop half-way.
-- migguard:tx none
ALTER TABLE users ADD COLUMN theme text;
