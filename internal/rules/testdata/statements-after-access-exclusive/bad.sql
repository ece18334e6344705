-- Slow or waiting statements after a statement that took ACCESS EXCLUSIVE on an existing table:
-- one finding per held lock, at the first of them, listing the others.
SET statement_timeout = '5s';
ALTER TABLE users ADD COLUMN org_id bigint;
ALTER TABLE users ADD COLUMN locale text;
CREATE INDEX orders_org_idx ON orders (org_id); -- want "statements-after-access-exclusive: CREATE INDEX on \"orders\" builds index \"orders_org_idx\" while the transaction holds ACCESS EXCLUSIVE on \"users\" since line 4: every query on \"users\" waits until it finishes and the transaction commits; 3 later statements also run under this lock: UPDATE \"users\" on line 7, ALTER TABLE \"accounts\" on line 8, ALTER TABLE \"users\" on line 9$"
UPDATE users SET locale = 'en' WHERE locale IS NULL;
ALTER TABLE accounts ADD COLUMN note text;
ALTER TABLE users VALIDATE CONSTRAINT users_org_fk;
-- fixture:next-file
ALTER TABLE users ADD COLUMN team_id bigint;
UPDATE users SET locale = 'en' WHERE locale IS NULL; -- want "statements-after-access-exclusive: UPDATE \"users\" may touch every row while the transaction holds ACCESS EXCLUSIVE on \"users\" since line 11: every query on \"users\" waits until it finishes and the transaction commits$"
-- fixture:next-file
ALTER TABLE users ADD COLUMN plan text;
ALTER TABLE accounts ADD COLUMN note text; -- want "statements-after-access-exclusive: ALTER TABLE \"accounts\" waits for ACCESS EXCLUSIVE on \"accounts\" while the transaction holds ACCESS EXCLUSIVE on \"users\" since line 14, with no lock_timeout: every query on \"users\" queues for as long as it waits$"
-- fixture:next-file
ALTER TABLE users ADD COLUMN tier text;
ALTER TABLE users VALIDATE CONSTRAINT users_org_fk; -- want "statements-after-access-exclusive: ALTER TABLE \"users\" validates constraint \"users_org_fk\", which scans the table while the transaction holds ACCESS EXCLUSIVE on \"users\""
-- fixture:next-file
-- migguard:tx none
BEGIN;
TRUNCATE sessions;
ALTER TABLE users ALTER COLUMN email TYPE citext; -- want "statements-after-access-exclusive: ALTER TABLE \"users\" changes the type of column \"email\" while the transaction holds ACCESS EXCLUSIVE on \"sessions\" since line 22"
COMMIT;
-- fixture:next-file
LOCK TABLE events IN ACCESS EXCLUSIVE MODE;
INSERT INTO events_archive SELECT * FROM events WHERE archived; -- want "statements-after-access-exclusive: INSERT INTO \"events_archive\" … SELECT may copy every row of \"events\" while the transaction holds ACCESS EXCLUSIVE on \"events\" since line 26"
-- fixture:next-file
-- migguard:tx implicit
ALTER TABLE users DROP COLUMN legacy_flag;
DELETE FROM audit_log; -- want "statements-after-access-exclusive: DELETE FROM \"audit_log\" deletes every row while the transaction holds ACCESS EXCLUSIVE on \"users\" since line 30.*; 1 later statement also runs under this lock: CREATE TABLE \"invoices\" on line 32$"
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));
-- fixture:next-file
ALTER TABLE users DROP COLUMN legacy_note;
CREATE TABLE receipts (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id)); -- want "statements-after-access-exclusive: CREATE TABLE \"receipts\" waits for SHARE ROW EXCLUSIVE on \"customers\" while"
