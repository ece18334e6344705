-- Quick statements, new and temporary tables, and operations under a statement_timeout need nothing more.
SET lock_timeout = '2s';
CREATE TABLE audit_log (id bigint PRIMARY KEY, at timestamptz NOT NULL);
CREATE INDEX audit_log_at_idx ON audit_log (at);
ALTER TABLE audit_log ALTER COLUMN at TYPE timestamp;
UPDATE audit_log SET at = now();
CREATE TEMP TABLE scratch (id int);
DELETE FROM scratch;
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD CONSTRAINT users_nickname_len CHECK (length(nickname) < 64) NOT VALID;
ALTER TABLE users ALTER COLUMN nickname SET DEFAULT '';
UPDATE users SET nickname = '' WHERE id = 1;
-- fixture:next-file
SET lock_timeout = '2s';
SET statement_timeout = '15s';
ALTER TABLE users ALTER COLUMN email TYPE citext;
CREATE INDEX orders_placed_idx ON orders (placed_at);
-- fixture:next-file
SELECT set_config('statement_timeout', '30s', true);
SET lock_timeout = '2s';
UPDATE orders SET archived = false;
-- fixture:next-file
-- Concurrent builds with no timeout, a generous one, or the timeout turned off.
-- migguard:tx none
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
SET statement_timeout = '2h';
REINDEX TABLE CONCURRENTLY orders;
SET statement_timeout = 0;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_placed_idx ON orders (placed_at);

-- fixture:next-file
-- Widening a varchar only changes the catalog: nothing runs long.
CREATE TABLE widened (name varchar(100));
-- fixture:next-file
ALTER TABLE widened ALTER COLUMN name TYPE varchar(200);
