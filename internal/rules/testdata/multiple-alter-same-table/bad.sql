-- ALTER TABLE statements in a row that each scan or rewrite the same existing table.
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN id TYPE bigint;
ALTER TABLE users ALTER COLUMN org_id TYPE bigint; -- want "multiple-alter-same-table: 2 ALTER TABLE statements on \"users\" in a row, from line 3, each scan or rewrite the table under ACCESS EXCLUSIVE: one statement with comma-separated actions does that work in a single pass"
CREATE INDEX users_org_idx ON users (org_id);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);
SET statement_timeout = '5s';
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ADD CONSTRAINT orders_qty_check CHECK (qty > 0); -- want "multiple-alter-same-table: 3 ALTER TABLE statements on \"orders\" in a row, from line 6, each scan or rewrite"
SAVEPOINT before_not_null;
ALTER TABLE orders ALTER COLUMN channel SET NOT NULL;
-- fixture:next-file
-- migguard:tx none
BEGIN;
ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE accounts ALTER COLUMN balance SET NOT NULL; -- want "multiple-alter-same-table: 2 ALTER TABLE statements on \"accounts\" in a row, from line 15"
COMMIT;
