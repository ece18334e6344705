-- Quick statements on the locked table or on new objects, and slow ones in their own transaction.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN org_id bigint;
ALTER TABLE users ADD COLUMN locale text;
ALTER TABLE users ALTER COLUMN email TYPE citext;
COMMENT ON COLUMN users.locale IS 'BCP 47 tag';
UPDATE users SET locale = 'en' WHERE id = 1;
UPDATE users SET locale = 'en' WHERE id IN (SELECT id FROM users WHERE locale IS NULL LIMIT 1000);
CREATE TABLE user_prefs (user_id bigint PRIMARY KEY, theme text);
CREATE INDEX user_prefs_theme_idx ON user_prefs (theme);
INSERT INTO user_prefs (user_id, theme) VALUES (1, 'dark');
-- fixture:next-file
-- Rename with a compatibility view, in one transaction.
ALTER TABLE customers RENAME TO clients;
CREATE VIEW customers AS SELECT * FROM clients;
-- fixture:next-file
-- A SHARE lock is not ACCESS EXCLUSIVE; a commit ends the lock.
-- migguard:tx none
BEGIN;
CREATE INDEX orders_placed_idx ON orders (placed_at);
UPDATE orders SET archived = true WHERE placed_at IS NULL;
COMMIT;
BEGIN;
ALTER TABLE orders ADD COLUMN channel text;
COMMIT;
UPDATE orders SET channel = 'web' WHERE channel IS NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_channel_idx ON orders (channel);
ALTER TABLE orders ADD COLUMN source text;
ALTER TABLE accounts ADD COLUMN note text;
-- fixture:next-file
-- ACCESS EXCLUSIVE on a table created in the same transaction blocks nobody.
CREATE TABLE ledger (id bigint PRIMARY KEY, amount numeric);
ALTER TABLE ledger ADD COLUMN note text;
CREATE INDEX orders_placed_idx ON orders (placed_at);
-- fixture:next-file
-- With a lock_timeout, waiting for a lock on another table is bounded.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN team_id bigint;
ALTER TABLE teams ADD COLUMN archived boolean;
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));
