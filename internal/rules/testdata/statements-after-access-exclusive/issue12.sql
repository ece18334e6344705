-- One finding per held lock, listing the later statements; indexes lock their table; a dropped table holds no one up.
CREATE TABLE users (id bigint PRIMARY KEY, email text, created_at timestamp, locale text);
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_created_idx ON users (created_at);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE TABLE legacy_events (id bigint PRIMARY KEY, payload text);
-- fixture:next-file
-- Two indexes of one table: the second DROP waits for no lock the transaction does not hold.
-- (No lock_timeout: a wait for another table's lock would be reported.)
DROP INDEX users_email_idx;
DROP INDEX users_created_idx;
ALTER INDEX users_pkey SET (fillfactor = 90);
-- fixture:next-file
-- Many slow statements under one lock: one finding.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text;
UPDATE users SET locale = 'en'; -- want "statements-after-access-exclusive: UPDATE \"users\" updates every row while the transaction holds ACCESS EXCLUSIVE on \"users\" since line 16: every query on \"users\" waits until it finishes and the transaction commits; 9 later statements also run under this lock: UPDATE \"users\" on line 18, UPDATE \"users\" on line 19, .* and 1 more$"
UPDATE users SET plan = 'free';
UPDATE users SET locale = lower(locale);
UPDATE users SET locale = upper(locale);
UPDATE users SET locale = trim(locale);
UPDATE users SET plan = lower(plan);
UPDATE users SET plan = upper(plan);
UPDATE users SET plan = trim(plan);
CREATE INDEX orders_user_idx ON orders (user_id);
UPDATE orders SET user_id = 0;
-- fixture:next-file
-- The locked table is dropped in the same transaction: nothing will query it after the commit.
ALTER TABLE legacy_events RENAME COLUMN payload TO body;
INSERT INTO orders (id, user_id) SELECT id, 0 FROM legacy_events;
DROP TABLE legacy_events;
-- fixture:next-file
-- A new lock in a later transaction is a new finding.
-- migguard:tx none
SET lock_timeout = '2s';
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
UPDATE orders SET note = ''; -- want "statements-after-access-exclusive: UPDATE \"orders\" updates every row while the transaction holds ACCESS EXCLUSIVE on \"orders\" since line 37: every query on \"orders\" waits until it finishes and the transaction commits$"
COMMIT;
BEGIN;
ALTER TABLE orders ADD COLUMN memo text;
UPDATE orders SET memo = ''; -- want "statements-after-access-exclusive: UPDATE \"orders\" updates every row while the transaction holds ACCESS EXCLUSIVE on \"orders\" since line 41"
COMMIT;
-- fixture:next-file
-- Renaming an index takes SHARE UPDATE EXCLUSIVE on it since PostgreSQL 12: no query waits.
ALTER INDEX users_pkey RENAME TO users_pk;
UPDATE users SET locale = 'en';
-- fixture:next-file
-- An index on a copy made under the lock reads every copied row while the lock is held.
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN region text;
CREATE TABLE orders_copy AS SELECT * FROM orders; -- want "statements-after-access-exclusive: CREATE TABLE \"orders_copy\" AS SELECT copies every row of \"orders\" while the transaction holds ACCESS EXCLUSIVE on \"orders\" since line 51.*; 1 later statement also runs under this lock: CREATE INDEX \"orders_copy_idx\" on line 53$"
CREATE INDEX orders_copy_idx ON orders_copy (user_id);
-- fixture:next-file
CREATE MATERIALIZED VIEW order_totals AS SELECT user_id, count(*) AS n FROM orders GROUP BY user_id;
-- fixture:next-file
-- A materialized view dropped to be created again keeps its name: its readers wait for the new one.
SET lock_timeout = '2s';
DROP MATERIALIZED VIEW IF EXISTS order_totals;
CREATE MATERIALIZED VIEW order_totals AS SELECT user_id, count(*) AS n FROM orders GROUP BY user_id; -- want "statements-after-access-exclusive: CREATE MATERIALIZED VIEW \"order_totals\" AS SELECT reads every row of \"orders\" while the transaction holds ACCESS EXCLUSIVE on \"order_totals\" since line 59"
-- fixture:next-file
CREATE INDEX orders_a_idx ON orders (user_id);
CREATE INDEX orders_b_idx ON orders (id, user_id);
-- fixture:next-file
-- A lock the transaction took earlier is not waited for again.
ALTER TABLE users ADD COLUMN nickname text;
DROP INDEX orders_a_idx; -- want "statements-after-access-exclusive: DROP INDEX \"orders_a_idx\" waits for ACCESS EXCLUSIVE on \"orders\" while the transaction holds ACCESS EXCLUSIVE on \"users\" since line 66, with no lock_timeout: every query on \"users\" queues for as long as it waits$"
DROP INDEX orders_b_idx;
