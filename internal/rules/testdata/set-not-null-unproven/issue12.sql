-- SET NOT NULL on a column that already is NOT NULL scans nothing, for any rule.
CREATE TABLE accounts (id serial, code bigint GENERATED ALWAYS AS IDENTITY, a int, b int, email text NOT NULL, note text, PRIMARY KEY (a, b));
CREATE TABLE members (id bigint, org_id bigint);
ALTER TABLE members ADD PRIMARY KEY (id);
ALTER TABLE accounts ALTER COLUMN note SET NOT NULL;
CREATE TABLE events (id bigint NOT NULL, at timestamptz) PARTITION BY RANGE (id);
CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (1) TO (1000);
-- fixture:next-file
-- No rule reports these statements (TestSetNotNullNoOp).
SET lock_timeout = '2s';
ALTER TABLE accounts ALTER COLUMN id SET NOT NULL;
ALTER TABLE accounts ALTER COLUMN code SET NOT NULL;
ALTER TABLE accounts ALTER COLUMN b SET NOT NULL;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
ALTER TABLE accounts ALTER COLUMN note SET NOT NULL;
ALTER TABLE members ALTER COLUMN id SET NOT NULL;
ALTER TABLE events_1 ALTER COLUMN id SET NOT NULL;
-- fixture:next-file
-- The same column twice in one statement is one scan.
SET lock_timeout = '2s';
SET statement_timeout = '5s';
ALTER TABLE members ALTER COLUMN org_id SET NOT NULL, ALTER COLUMN org_id SET NOT NULL; -- want "set-not-null-unproven: setting column \"org_id\" of \"members\" NOT NULL scans the whole table"
