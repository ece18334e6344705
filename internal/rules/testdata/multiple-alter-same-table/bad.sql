-- Consecutive ALTER TABLE statements on one existing table in one transaction.
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN id TYPE bigint;
ALTER TABLE users ALTER COLUMN org_id TYPE bigint; -- want "multiple-alter-same-table: 2 consecutive ALTER TABLE statements on \"users\" in one transaction, from line 3: each does its own scan or rewrite under ACCESS EXCLUSIVE, where one statement with comma-separated actions does it once"
CREATE INDEX users_org_idx ON users (org_id);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);
SET statement_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_qty_check CHECK (qty > 0); -- want "multiple-alter-same-table: 3 consecutive ALTER TABLE statements on \"orders\" in one transaction, from line 6"
SAVEPOINT before_not_null;
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
-- fixture:next-file
-- migguard:tx none
BEGIN;
ALTER TABLE accounts ADD COLUMN plan text;
ALTER TABLE accounts ADD COLUMN region text; -- want "multiple-alter-same-table: 2 consecutive ALTER TABLE statements on \"accounts\" in one transaction, from line 14"
COMMIT;
